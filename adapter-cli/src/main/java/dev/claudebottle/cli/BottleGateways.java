package dev.claudebottle.cli;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.SidecarGateway;
import dev.claudebottle.supervise.application.port.out.Signal;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's one {@link SidecarGateway}: each bottle's calls go to the gateway (local or
 * Docker) that runs that bottle's component. Which gateway that is gets discovered on first use
 * and remembered. Thread-safe.
 */
final class BottleGateways implements SidecarGateway {
    private final Map<String, SidecarGateway> gateways;
    private final Map<BottleId, SidecarGateway> chosen = new ConcurrentHashMap<>();

    /** @param gateways by name, in the order they are asked (cheap ones first) */
    BottleGateways(Map<String, SidecarGateway> gateways) {
        this.gateways = new LinkedHashMap<>(gateways);
    }

    @Override
    public Optional<byte[]> read(BottleId bottle, Component component, String path) {
        return gatewayOf(bottle, component).read(bottle, component, path);
    }

    @Override
    public void write(BottleId bottle, Component component, String path, byte[] content) {
        gatewayOf(bottle, component).write(bottle, component, path, content);
    }

    @Override
    public void signal(BottleId bottle, Component component, Signal signal) {
        gatewayOf(bottle, component).signal(bottle, component, signal);
    }

    /** Bottles running {@code component} on any gateway that answers; fails only when none answers. */
    @Override
    public Set<BottleId> bottlesRunning(Component component) {
        Set<BottleId> running = new LinkedHashSet<>();
        GatewayException lastFailure = null;
        int answered = 0;
        for (SidecarGateway gateway : gateways.values()) {
            try {
                running.addAll(gateway.bottlesRunning(component));
                answered++;
            } catch (GatewayException e) {
                lastFailure = e;
            }
        }
        if (answered == 0 && lastFailure != null) {
            throw lastFailure;
        }
        return running;
    }

    /** The gateway names, in the order they are asked. */
    List<String> names() {
        return List.copyOf(gateways.keySet());
    }

    private SidecarGateway gatewayOf(BottleId bottle, Component component) {
        SidecarGateway known = chosen.get(bottle);
        if (known != null) {
            return known;
        }
        for (SidecarGateway gateway : gateways.values()) {
            try {
                if (gateway.bottlesRunning(component).contains(bottle)) {
                    chosen.put(bottle, gateway);
                    return gateway;
                }
            } catch (GatewayException e) {
                // This gateway does not answer (e.g. no Docker engine); the bottle may run on another.
            }
        }
        throw new GatewayException(GatewayException.Reason.BOTTLE_NOT_FOUND, bottle, component,
                "no running bottle named " + bottle + " (its " + component + " is not running on any gateway: "
                        + String.join(", ", gateways.keySet()) + "); start it with `bottle up " + bottle
                        + "` or list bottles with `bottle ls`");
    }
}
