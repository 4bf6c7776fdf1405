package dev.claudebottle.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's current-config is a volume it mounts read-only; the gateway refreshes it through the
 * sibling that mounts the same volume read-write, and refuses clearly when there is none.
 */
class ReadOnlyMountRedirectIT {
    private static final BottleId BOTTLE = BottleId.of("redirect-it-" + UUID.randomUUID().toString().substring(0, 8));
    private static final String CONFIG = "/etc/claude-bottle/current-config";
    private static DockerEngine engine;
    private static String image;
    private static String volume;

    @BeforeAll
    static void startAgentAndProxy() throws Exception {
        engine = DockerEngine.fromEnvironment();
        image = TestShellImage.build(engine);
        volume = engine.client().createVolumeCmd().withName("claude-bottle-" + BOTTLE + "-current-config")
                .withLabels(Map.of(Labels.BOTTLE, BOTTLE.value())).exec().getName();
        start(Component.EGRESS_PROXY, new Bind(volume, new Volume(CONFIG)));
        start(Component.AGENT, new Bind(volume, new Volume(CONFIG), AccessMode.ro));
        start(Component.SUPERVISE, new Bind(volume, new Volume("/elsewhere"), AccessMode.ro));
    }

    private static void start(Component component, Bind bind) {
        String id = engine.client().createContainerCmd(image).withName("claude-bottle-" + BOTTLE + "-" + component)
                .withLabels(Map.of(Labels.BOTTLE, BOTTLE.value(), Labels.COMPONENT, component.name()))
                .withHostConfig(HostConfig.newHostConfig().withBinds(bind).withNetworkMode("none"))
                .withCmd("/bin/sh", "-c", "while :; do sleep 1; done").exec().getId();
        engine.client().startContainerCmd(id).exec();
    }

    @AfterAll
    static void removeEverything() {
        try {
            for (Container container : engine.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.BOTTLE, BOTTLE.value())).exec()) {
                engine.client().removeContainerCmd(container.getId()).withForce(true).exec();
            }
            if (volume != null) {
                engine.client().removeVolumeCmd(volume).exec();
            }
        } finally {
            TestShellImage.remove(engine, image);
        }
    }

    @Test
    void aWriteToTheAgentsReadOnlyCopyGoesThroughTheWritableSibling() {
        DockerContainerFiles gateway = new DockerContainerFiles(engine);
        byte[] routes = "routes:\n  - host: pypi.org\n".getBytes(StandardCharsets.UTF_8);

        gateway.write(BOTTLE, Component.AGENT, CONFIG + "/routes.yaml", routes);

        assertThat(gateway.read(BOTTLE, Component.AGENT, CONFIG + "/routes.yaml")).hasValue(routes);
        assertThat(gateway.read(BOTTLE, Component.EGRESS_PROXY, CONFIG + "/routes.yaml")).hasValue(routes);
        assertThat(gateway.read(BOTTLE, Component.SUPERVISE, "/elsewhere/routes.yaml")).hasValue(routes);
    }

    @Test
    void aReadOnlyPathNoSiblingMountsWritableIsRefusedWithAdvice() throws Exception {
        DockerContainerFiles gateway = new DockerContainerFiles(engine);
        engine.client().stopContainerCmd(containerOf(Component.EGRESS_PROXY)).withTimeout(0).exec();
        try {
            assertThatThrownBy(() -> gateway.write(BOTTLE, Component.AGENT, CONFIG + "/routes.yaml", new byte[] {1}))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.reason()).isEqualTo(GatewayException.Reason.OPERATION_FAILED);
                        assertThat(e.getMessage()).contains("read-only").contains("bottle up");
                    });
        } finally {
            engine.client().startContainerCmd(containerOf(Component.EGRESS_PROXY)).exec();
        }
    }

    private static String containerOf(Component component) {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.BOTTLE, BOTTLE.value(), Labels.COMPONENT, component.name())).exec()
                .getFirst().getId();
    }
}
