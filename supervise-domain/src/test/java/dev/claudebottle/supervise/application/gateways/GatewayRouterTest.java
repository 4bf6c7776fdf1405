package dev.claudebottle.supervise.application.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing a bottle to the gateway that runs it, and what is said when none does. */
class GatewayRouterTest {
    private static final BottleId DEMO = BottleId.of("demo");

    private static GatewayRouter.Gateway gateway(BottleDiscovery discovery) {
        return new GatewayRouter.Gateway(ComponentConfigs.unavailable("not used here"), discovery);
    }

    @Test
    void aBottleNoGatewayRunsIsNotFoundAndAGatewayThatCouldNotBeAskedIsNamedWithItsReason() {
        Map<String, GatewayRouter.Gateway> gateways = new LinkedHashMap<>();
        gateways.put("local", gateway(component -> Set.of()));
        gateways.put("kubernetes", gateway(component -> {
            throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, null, component,
                    "pods is forbidden: User \"bob\" cannot list resource \"pods\" (HTTP 403)");
        }));
        GatewayRouter router = new GatewayRouter(gateways);

        assertThatThrownBy(() -> router.current(DEMO, Component.EGRESS_PROXY)).isInstanceOfSatisfying(GatewayException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(GatewayException.Reason.BOTTLE_NOT_FOUND);
                    assertThat(e.getMessage()).contains("no running bottle named demo")
                            .contains("gateway kubernetes could not be asked: pods is forbidden")
                            .doesNotContain("gateway local could not be asked");
                });
    }

    @Test
    void aGatewayThatDoesNotAnswerDoesNotHideTheBottleOnAnother() {
        Map<String, GatewayRouter.Gateway> gateways = new LinkedHashMap<>();
        gateways.put("docker", gateway(component -> {
            throw new GatewayException(GatewayException.Reason.ENGINE_UNREACHABLE, null, component, "no engine");
        }));
        gateways.put("local", gateway(component -> Set.of(DEMO)));
        GatewayRouter router = new GatewayRouter(gateways);

        assertThatThrownBy(() -> router.current(DEMO, Component.EGRESS_PROXY)).isInstanceOf(IllegalStateException.class)
                .hasMessage("not used here");
        assertThat(router.bottlesRunning(Component.EGRESS_PROXY)).containsExactly(DEMO);
    }
}
