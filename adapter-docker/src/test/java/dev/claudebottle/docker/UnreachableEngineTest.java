package dev.claudebottle.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no engine behind DOCKER_HOST, every operation says so and suggests what to do. */
class UnreachableEngineTest {
    @TempDir
    Path dir;

    @Test
    void everyOperationReportsTheEngineUnreachableWithAdvice() {
        DockerEngine engine = DockerEngine.at("unix://" + dir.resolve("no-docker.sock"));
        DockerContainerFiles gateway = new DockerContainerFiles(engine);
        BottleId bottle = BottleId.of("demo");

        assertThat(engine.answers()).isFalse();
        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : new org.assertj.core.api.ThrowableAssert.ThrowingCallable[] {
                () -> gateway.read(bottle, Component.EGRESS_PROXY, "/etc/egress-proxy/routes.yaml"),
                () -> gateway.write(bottle, Component.EGRESS_PROXY, "/etc/egress-proxy/routes.yaml", new byte[1]),
                () -> gateway.hangUp(bottle, Component.EGRESS_PROXY),
                () -> gateway.bottlesRunning(Component.EGRESS_PROXY)}) {
            assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> {
                assertThat(e.reason()).isEqualTo(GatewayException.Reason.ENGINE_UNREACHABLE);
                assertThat(e.getMessage()).contains("no-docker.sock").contains("--gateway local");
            });
        }
    }
}
