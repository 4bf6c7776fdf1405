package dev.claudebottle.tools.egressproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.testing.FakeClock;
import dev.claudebottle.supervise.testing.TestSupervisor;
import dev.claudebottle.tools.egressproxy.testing.InMemoryContainers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The file + SIGHUP + status protocol, step by step, over in-memory containers whose proxy behaves like the real one. */
class FileAndSignalConfigsTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final ConfigFile BASE = ConfigFile.of("routes:\n  - host: api.github.com\n");
    private static final ConfigFile NEXT = ConfigFile.of("routes:\n  - host: api.github.com\n  - host: pypi.org\n");
    private static final String ROUTES_WRITE = "write demo/egress-proxy:" + EgressProxyPaths.ROUTES_FILE;
    private static final String HUP = "signal demo/egress-proxy HUP";

    private final FakeClock clock = new FakeClock();
    private final InMemoryContainers containers = new InMemoryContainers(TestSupervisor.MARKER_VALIDATOR);
    private final FileAndSignalConfigs configs = new FileAndSignalConfigs(containers, clock,
            new FileAndSignalConfigs.Settings(Duration.ofSeconds(10), Duration.ofMillis(100)));

    @BeforeEach
    void startBottle() {
        containers.startBottle(DEMO, BASE);
    }

    @Test
    void writesSignalsConfirmsThenRefreshesTheAgentsCopy() throws Exception {
        Installation answer = configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT);

        assertThat(answer).isEqualTo(new Installation.Installed(NEXT.sha256(), List.of()));
        assertThat(containers.operations()).containsExactly(ROUTES_WRITE, HUP,
                "write demo/agent:" + EgressProxyPaths.AGENT_CURRENT_ROUTES);
        assertThat(containers.file(DEMO, Component.AGENT, EgressProxyPaths.AGENT_CURRENT_ROUTES)).contains(NEXT);
        assertThat(configs.current(DEMO, Component.EGRESS_PROXY)).isEqualTo(NEXT);
    }

    @Test
    void aMovedBaseWritesAndSignalsNothing() throws Exception {
        ConfigFile someoneElses = ConfigFile.of("routes:\n  - host: crates.io\n");
        containers.overwrite(DEMO, Component.EGRESS_PROXY, EgressProxyPaths.ROUTES_FILE, someoneElses);

        assertThat(configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT))
                .isEqualTo(new Installation.BaseChanged(someoneElses.sha256()));
        assertThat(containers.operations()).isEmpty();
    }

    @Test
    void aRefusedFileIsWrittenBackAndTheAgentKeepsTheOldCopy() throws Exception {
        containers.rejectReloads(DEMO, "routes[1].auth.secret: GITHUB_TOKEN is not configured");

        Installation answer = configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).isTrue();
            assertThat(n.cause()).contains("egress-proxy rejected the routes: routes[1].auth.secret: GITHUB_TOKEN")
                    .contains("previous routes (" + BASE.sha256().abbreviated() + ") are back in place");
        });
        assertThat(containers.operations()).containsExactly(ROUTES_WRITE, HUP, ROUTES_WRITE, HUP);
        assertThat(containers.file(DEMO, Component.AGENT, EgressProxyPaths.AGENT_CURRENT_ROUTES)).contains(BASE);
    }

    @Test
    void anErrorLeftFromAnEarlierLoadIsNotTakenForARefusal() throws Exception {
        containers.rejectReloads(DEMO, "an old error");
        configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT);
        containers.acceptReloads(DEMO);
        containers.ignoreReloads(DEMO);

        assertThat(configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT)).isInstanceOfSatisfying(
                Installation.NotInstalled.class, n -> assertThat(n.cause()).doesNotContain("rejected")
                        .contains("did not report routes " + NEXT.sha256().abbreviated()));
    }

    @Test
    void aProxyThatNeverConfirmsCostsTheDeadlineAndTheBaseIsBack() throws Exception {
        containers.ignoreReloads(DEMO);
        Instant before = clock.now();

        Installation answer = configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).isTrue();
            assertThat(n.cause()).contains("did not report routes " + NEXT.sha256().abbreviated() + " within 10000 ms")
                    .contains("its status shows " + BASE.sha256().abbreviated());
        });
        assertThat(Duration.between(before, clock.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(configs.current(DEMO, Component.EGRESS_PROXY)).isEqualTo(BASE);
    }

    @Test
    void aStatusDocumentThatDoesNotParseIsNoConfirmation() throws Exception {
        containers.ignoreReloads(DEMO);
        containers.overwriteStatus(DEMO, ("{\"generation\": \"1\", \"sha256\": \"" + NEXT.sha256().hex() + "\"}")
                .getBytes(StandardCharsets.UTF_8));

        Installation answer = configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).isFalse();
            assertThat(n.cause()).contains("its status shows nothing readable");
        });
        assertThat(configs.current(DEMO, Component.EGRESS_PROXY)).as("the base is written back").isEqualTo(BASE);
    }

    @Test
    void aWriteThatFailsIsReportedAndTheBaseRestored() throws Exception {
        containers.failNextWrite(DEMO, Component.EGRESS_PROXY, "no space left on device");

        Installation answer = configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).isTrue();
            assertThat(n.cause()).startsWith("could not install the routes into egress-proxy: no space left on device");
        });
    }

    @Test
    void anAgentCopyThatCannotBeRefreshedAndMissingSecretsAreWarnings() throws Exception {
        containers.stop(DEMO, Component.AGENT);
        containers.reportMissingSecrets(DEMO, List.of("GITHUB_TOKEN"));

        Installation answer = configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT);

        assertThat(answer).isInstanceOfSatisfying(Installation.Installed.class, i -> assertThat(i.warnings()).satisfiesExactly(
                w -> assertThat(w).isEqualTo("egress-proxy holds no value for secrets the routes name: GITHUB_TOKEN"),
                w -> assertThat(w).contains("agent's copy at " + EgressProxyPaths.AGENT_CURRENT_ROUTES + " could not be refreshed")));
    }

    @Test
    void aBaseThatCannotBeReadIsNotOverwritten() throws Exception {
        containers.stop(DEMO, Component.EGRESS_PROXY);

        Installation answer = configs.install(DEMO, Component.EGRESS_PROXY, BASE, NEXT);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).as("nothing was changed").isTrue();
            assertThat(n.cause()).contains("could not read egress-proxy's live routes").contains("nothing was written");
        });
        assertThat(containers.operations()).isEmpty();
    }

    @Test
    void aStoppedProxyCannotBeReadAndAnotherComponentIsRefused() {
        containers.stop(DEMO, Component.EGRESS_PROXY);

        assertThatThrownBy(() -> configs.current(DEMO, Component.EGRESS_PROXY)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.COMPONENT_NOT_RUNNING));
        assertThatThrownBy(() -> configs.install(DEMO, Component.AGENT, BASE, NEXT)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("only into egress-proxy");
    }
}
