package dev.claudebottle.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.egress.contract.ProxyStatus;
import dev.claudebottle.kubernetes.gateway.KubernetesComponentConfigs;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the contract does not cover on Kubernetes: racing operators, an account that may not write, exact bytes back
 * after a silent proxy, input the ConfigMap cannot hold, a bottle that does not exist, and the acknowledgement
 * latency over a real watch.
 */
class KubernetesConfigDeliveryIT {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static final Component PROXY = Component.EGRESS_PROXY;
    private static final ConfigFile OLD = ConfigFile.of("routes:\n  - host: old.example.com\n");
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static ConfigsBottles bottles;

    @BeforeAll
    static void fixture() {
        bottles = new ConfigsBottles(KUBE.server());
    }

    @AfterAll
    static void closeFixture() throws InterruptedException {
        bottles.close();
    }

    private static BottleId bottle(Optional<ConfigFile> routes, StandInProxy.Mode mode) {
        BottleId bottle = BottleId.of("delivery-" + UUID.randomUUID().toString().substring(0, 8));
        bottles.start(bottle, routes, mode);
        return bottle;
    }

    private static KubernetesComponentConfigs configs(String user) {
        return new KubernetesComponentConfigs(bottles.connection(user), new KubernetesComponentConfigs.Settings(DEADLINE));
    }

    @Test
    void ofTwoOperatorsInstallingOverTheSameBaseExactlyOneWinsAndTheOtherIsToldTheWinnersSha() throws Exception {
        KubernetesComponentConfigs alice = configs(KubeApiServer.ALICE);
        KubernetesComponentConfigs bob = configs(KubeApiServer.BOB);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                BottleId bottle = bottle(Optional.of(OLD), StandInProxy.Mode.CONFIRMS);
                ConfigFile fromAlice = ConfigFile.of("routes:\n  - host: alice-" + round + ".example.com\n");
                ConfigFile fromBob = ConfigFile.of("routes:\n  - host: bob-" + round + ".example.com\n");
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Installation> a = threads.submit(() -> {
                    start.await();
                    return alice.install(bottle, PROXY, OLD, fromAlice);
                });
                Future<Installation> b = threads.submit(() -> {
                    start.await();
                    return bob.install(bottle, PROXY, OLD, fromBob);
                });
                Installation byAlice = a.get();
                Installation byBob = b.get();

                List<Installation> answers = List.of(byAlice, byBob);
                assertThat(answers).as("round " + round).filteredOn(Installation.Installed.class::isInstance).hasSize(1);
                ConfigFile winner = byAlice instanceof Installation.Installed ? fromAlice : fromBob;
                assertThat(answers).filteredOn(Installation.BaseChanged.class::isInstance).singleElement()
                        .isEqualTo(new Installation.BaseChanged(winner.sha256()));
                assertThat(bottles.routesBytes(bottle)).isEqualTo(winner.bytes());
                assertThat(alice.current(bottle, PROXY)).isEqualTo(winner);
                bottles.remove(bottle);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anOperatorWhoMayReadButNotWriteGetsAClearRefusalAndNothingChanges() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), StandInProxy.Mode.CONFIRMS);
        String namespace = bottles.namespace(bottle);
        KubernetesComponentConfigs mallory = configs(KubeApiServer.MALLORY);
        assertThatThrownBy(() -> mallory.current(bottle, PROXY)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.reason()).isEqualTo(GatewayException.Reason.OPERATION_FAILED);
            assertThat(e.getMessage()).contains("HTTP 403", namespace + "/egress-proxy-routes");
        });
        bottles.admin().rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata()
                .withName("read-routes").endMetadata().withRules(new PolicyRuleBuilder().withApiGroups("")
                        .withResources("configmaps").withVerbs("get", "list", "watch").build()).build()).create();
        bottles.admin().rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("read-routes").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "read-routes")
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(KubeApiServer.MALLORY)
                .endSubject().build()).create();
        assertThat(mallory.current(bottle, PROXY)).isEqualTo(OLD);

        Installation answer = mallory.install(bottle, PROXY, OLD, ConfigFile.of("routes:\n  - host: mallory.example.com\n"));

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).isTrue();
            assertThat(n.cause()).contains("HTTP 403", "not allowed", namespace + "/egress-proxy-routes",
                    "nothing was written");
        });
        assertThat(bottles.routesBytes(bottle)).isEqualTo(OLD.bytes());
    }

    @Test
    void aSilentProxyGetsTheBaseBackByteForByte() throws Exception {
        ConfigFile awkward = ConfigFile.of("# Grüße, \u2603\r\nroutes:\r\n  - host: \"exact.example.com\"   \r\n\t# no newline at the end");
        BottleId bottle = bottle(Optional.of(awkward), StandInProxy.Mode.SILENT);
        ConfigFile next = ConfigFile.of("routes:\n  - host: new.example.com\n");

        long started = System.nanoTime();
        Installation answer = configs(KubeApiServer.ALICE).install(bottle, PROXY, awkward, next);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.cause()).contains("did not acknowledge", "did not report routes " + next.sha256().abbreviated(),
                    "restored " + awkward.sha256().abbreviated());
            assertThat(n.restored()).as("the silent proxy never left the base: its status still says so").isTrue();
        });
        assertThat(bottles.routesBytes(bottle)).isEqualTo(awkward.bytes());
        assertThat(took).isGreaterThanOrEqualTo(DEADLINE).isLessThan(DEADLINE.multipliedBy(3));
    }

    @Test
    void aRefusalOfTheSameBytesLeftFromBeforeTheWriteIsNoAnswer() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), StandInProxy.Mode.SILENT);
        ConfigFile next = ConfigFile.of("routes:\n  - host: again.example.com\n");
        bottles.forgeStatus(bottle, new String(new ProxyStatus(1, Optional.of(OLD.sha256()), Optional.empty(),
                Optional.of("an old refusal"), Optional.of(next.sha256()), Optional.empty(), List.of(), false,
                Optional.empty(), Optional.of("running"), Optional.empty(), Optional.empty()).toJson(),
                StandardCharsets.UTF_8));

        Installation answer = configs(KubeApiServer.ALICE).install(bottle, PROXY, OLD, next);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.cause()).contains("did not acknowledge").doesNotContain("an old refusal");
            assertThat(n.restored()).isTrue();
        });
        assertThat(bottles.routesBytes(bottle)).isEqualTo(OLD.bytes());
    }

    @Test
    void aStatusThatIsNotTheProxysDocumentIsNoAcknowledgement() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), StandInProxy.Mode.SILENT);
        ConfigFile next = ConfigFile.of("routes:\n  - host: forged.example.com\n");
        bottles.forgeStatus(bottle, "{\"generation\": \"many\", \"sha256\": \"" + next.sha256().hex() + "\"}");

        Installation answer = configs(KubeApiServer.ALICE).install(bottle, PROXY, OLD, next);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.cause()).contains("did not acknowledge", "nothing readable");
            assertThat(n.restored()).as("nothing confirms the base either").isFalse();
        });
        assertThat(bottles.routesBytes(bottle)).isEqualTo(OLD.bytes());
    }

    @Test
    void bytesAConfigMapCannotHoldExactlyAreRefusedBeforeAnythingIsWritten() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), StandInProxy.Mode.CONFIRMS);
        ConfigFile latin1 = ConfigFile.of("routes:\n  - host: caf\u00e9.example.com\n".getBytes(StandardCharsets.ISO_8859_1));

        Installation answer = configs(KubeApiServer.ALICE).install(bottle, PROXY, OLD, latin1);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).isTrue();
            assertThat(n.cause()).contains("not UTF-8", "nothing was written");
        });
        assertThat(bottles.routesBytes(bottle)).isEqualTo(OLD.bytes());
    }

    @Test
    void aBottleThatDoesNotExistIsNotFoundAndOnlyEgressProxyIsServed() throws Exception {
        KubernetesComponentConfigs configs = configs(KubeApiServer.ALICE);
        BottleId ghost = BottleId.of("ghost-" + UUID.randomUUID().toString().substring(0, 8));

        assertThatThrownBy(() -> configs.current(ghost, PROXY)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.reason()).isEqualTo(GatewayException.Reason.BOTTLE_NOT_FOUND);
            assertThat(e.getMessage()).contains(bottles.namespace(ghost), "egress-proxy-routes");
        });
        assertThat(configs.install(ghost, PROXY, OLD, OLD)).isInstanceOfSatisfying(Installation.NotInstalled.class,
                n -> assertThat(n.cause()).contains("nothing was written"));
        BottleId bottle = bottle(Optional.of(OLD), StandInProxy.Mode.CONFIRMS);
        assertThatThrownBy(() -> configs.current(bottle, Component.AGENT)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("only into egress-proxy, not agent");
        assertThatThrownBy(() -> configs.readOnly().install(bottle, PROXY, OLD, OLD))
                .isInstanceOf(IllegalStateException.class);
        assertThat(configs.readOnly().current(bottle, PROXY)).isEqualTo(OLD);
    }

    @Test
    void acknowledgementLatencyOverARealWatch() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), StandInProxy.Mode.CONFIRMS);
        KubernetesComponentConfigs configs = configs(KubeApiServer.ALICE);
        List<Long> micros = new ArrayList<>();
        ConfigFile base = OLD;
        for (int i = 0; i < 30; i++) {
            ConfigFile next = ConfigFile.of("routes:\n  - host: n" + i + ".example.com\n");
            long started = System.nanoTime();
            assertThat(configs.install(bottle, PROXY, base, next)).isInstanceOf(Installation.Installed.class);
            micros.add((System.nanoTime() - started) / 1000);
            base = next;
        }
        Collections.sort(micros);
        System.out.printf("figures: Kubernetes install (GET, UPDATE, watch until egress-proxy-status acknowledges; stand-in"
                        + " proxy over its own watch, real kube-apiserver %s on loopback): n=%d p50=%.1f ms p90=%.1f ms"
                        + " max=%.1f ms%n", KubeApiServer.VERSION, micros.size(), micros.get(micros.size() / 2) / 1000.0,
                micros.get(micros.size() * 9 / 10) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
        assertThat(micros.get(micros.size() / 2)).as("p50 in µs").isLessThan(DEADLINE.toMillis() * 1000);
    }
}
