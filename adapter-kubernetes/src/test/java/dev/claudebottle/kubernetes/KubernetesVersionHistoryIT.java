package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Version history (what rollback reads) on a real API server, including versions altered behind its back. */
class KubernetesVersionHistoryIT {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
    private static final ConfigFile V1 = ConfigFile.of("routes: []\n# one\n");
    private static final ConfigFile V2 = ConfigFile.of("routes: []\n# two\n");
    private static KubernetesClient alice;
    private static KubernetesClient admin;

    private final String instance = KubeState.freshInstance();

    @BeforeAll
    static void connect() {
        alice = KUBE.client(KubeApiServer.ALICE);
        admin = KUBE.client(KubeApiServer.ADMIN);
    }

    @AfterAll
    static void disconnect() {
        alice.close();
        admin.close();
    }

    @Test
    void keepsEveryTimeAVersionWentLiveAndItsExactBytesAcrossClients() {
        KubernetesStore.open(alice, instance, Duration.ofSeconds(2)).history().record(DEMO, Component.EGRESS_PROXY, V1, T0);
        VersionHistory history = KubernetesStore.open(admin, instance, Duration.ofSeconds(2)).history();
        history.record(DEMO, Component.EGRESS_PROXY, V2, T0.plusSeconds(1));
        history.record(DEMO, Component.EGRESS_PROXY, V1, T0.plusSeconds(2));
        history.record(DEMO, Component.of("pipelock"), V2, T0.plusSeconds(3));

        VersionHistory elsewhere = KubernetesStore.open(alice, instance, Duration.ofSeconds(2)).history();
        assertThat(elsewhere.list(DEMO, Component.EGRESS_PROXY)).extracting(AppliedVersion::sha256)
                .containsExactly(V1.sha256(), V2.sha256(), V1.sha256());
        assertThat(elsewhere.list(DEMO, Component.EGRESS_PROXY)).extracting(AppliedVersion::appliedAt)
                .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(elsewhere.find(DEMO, Component.EGRESS_PROXY, V2.sha256())).contains(V2);
        assertThat(elsewhere.list(DEMO, Component.of("pipelock"))).hasSize(1);
        assertThat(elsewhere.list(DEMO, Component.of("other"))).isEmpty();
        assertThat(elsewhere.list(BottleId.of("nobody"), Component.EGRESS_PROXY)).isEmpty();
    }

    @Test
    void aVersionWhoseBytesWereAlteredOnTheServerIsNeitherListedNorServed() {
        VersionHistory history = KubernetesStore.open(alice, instance, Duration.ofSeconds(2)).history();
        history.record(DEMO, Component.EGRESS_PROXY, V1, T0);
        history.record(DEMO, Component.EGRESS_PROXY, V2, T0.plusSeconds(1));
        var versions = admin.genericKubernetesResources(Kinds.APPLIED_VERSION)
                .inNamespace(KubernetesStore.namespace(instance, DEMO));
        GenericKubernetesResource first = versions.withName("egress-proxy.000000000001").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) first.getAdditionalProperties().get("spec");
        spec.put("contentBase64", Base64.getEncoder().encodeToString("routes: [evil]\n".getBytes()));
        versions.resource(first).update();

        assertThat(history.find(DEMO, Component.EGRESS_PROXY, V1.sha256())).isEmpty();
        assertThat(history.list(DEMO, Component.EGRESS_PROXY)).extracting(AppliedVersion::sha256)
                .containsExactly(V2.sha256());
    }

    @Test
    void writersRacingForTheSameSequenceNumberAllLand() throws Exception {
        VersionHistory history = KubernetesStore.open(alice, instance, Duration.ofSeconds(2)).history();
        int writers = 6;
        var threads = new java.util.ArrayList<Thread>();
        for (int i = 0; i < writers; i++) {
            ConfigFile file = ConfigFile.of("routes: []\n# writer " + i + "\n");
            threads.add(Thread.ofPlatform().start(() -> history.record(DEMO, Component.EGRESS_PROXY, file, T0)));
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }

        assertThat(history.list(DEMO, Component.EGRESS_PROXY)).hasSize(writers)
                .extracting(AppliedVersion::sha256).doesNotHaveDuplicates();
    }
}
