package dev.claudebottle.docker;

import com.github.dockerjava.api.model.Container;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.List;
import java.util.Map;

/** Finds a bottle's containers by their labels. Thread-safe. */
final class ComponentContainers {
    static final String RESTART_ADVICE = "see `bottle ls`; `bottle down` then `bottle up` restarts the bottle";

    private final DockerEngine engine;

    ComponentContainers(DockerEngine engine) {
        this.engine = engine;
    }

    /** Every container of {@code bottle}, running or not. */
    List<Container> allOf(BottleId bottle) {
        return engine.call(bottle, null, () -> engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.BOTTLE, bottle.value())).exec());
    }

    /** The running container of {@code component} in {@code bottle}. */
    Container running(BottleId bottle, Component component) {
        List<Container> all = allOf(bottle);
        if (all.isEmpty()) {
            throw new GatewayException(Reason.BOTTLE_NOT_FOUND, bottle, component, "no Docker bottle named " + bottle
                    + " (no container labelled " + Labels.BOTTLE + "=" + bottle + " on " + engine.host()
                    + "); `bottle ls` lists the bottles, `bottle up " + bottle + "` starts it");
        }
        List<Container> mine = all.stream().filter(c -> c.getLabels() != null
                && component.name().equals(c.getLabels().get(Labels.COMPONENT))).toList();
        if (mine.isEmpty()) {
            throw new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, component, "bottle " + bottle + " has no "
                    + component + " container; " + RESTART_ADVICE);
        }
        return mine.stream().filter(c -> "running".equals(c.getState())).findFirst().orElseThrow(() ->
                new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, component, "the " + component
                        + " container of bottle " + bottle + " is " + mine.getFirst().getState() + " ("
                        + mine.getFirst().getStatus() + "); " + RESTART_ADVICE));
    }
}
