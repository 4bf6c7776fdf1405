package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.statejson.AuditLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.testing.AuditLogContract;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit chain on the API server: many writers racing keep one gap-free chain; `audit verify` from another
 * client finds it intact; and whoever can write the objects directly (a cluster admin) cannot alter, remove or add
 * an entry without verify naming the first broken one.
 */
class KubernetesAuditTamperIT {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
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

    private AuditLog log(KubernetesClient client) {
        return KubernetesStore.open(client, instance, Duration.ofSeconds(2)).auditLog();
    }

    @Test
    void racingWritersKeepOneChainThatAnotherClientVerifies() throws Exception {
        AuditLog first = log(alice);
        AuditLog second = log(admin);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            AuditLog log = i % 2 == 0 ? first : second;
            Instant time = T0.plusSeconds(i);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int j = 0; j < 3; j++) {
                    log.append(AuditLogContract.entry(DEMO, time, AuditAction.SUBMITTED));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }

        assertThat(log(alice).verify()).isEqualTo(new AuditVerification.Intact(24, List.of()));
        assertThat(log(admin).read(Optional.of(DEMO)).records()).extracting(AuditRecord::sequence)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 24).boxed().toList());
    }

    @Test
    void anAlteredEntryIsNamedByVerify() {
        appendThree();
        var records = records();
        GenericKubernetesResource second = records.withName("a-000000000002").get();
        Map<String, Object> spec = spec(second);
        spec.put("line", ((String) spec.get("line")).replace("ok ✓", "ok, approved by nobody"));
        records.resource(second).update();

        assertThat(log(alice).verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, broken -> {
            assertThat(broken.location()).endsWith("/a-000000000002");
            assertThat(broken.sequence()).isEqualTo(2);
            assertThat(broken.problem()).contains("does not match its hash");
        });
        assertThat(log(alice).read(Optional.of(DEMO)).problems()).hasSize(1);
    }

    @Test
    void noEntryIsChainedOntoAnAlteredLastEntry() {
        appendThree();
        var records = records();
        GenericKubernetesResource last = records.withName("a-000000000003").get();
        spec(last).put("line", ((String) spec(last).get("line")).replace("alice", "mallory"));
        records.resource(last).update();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log(alice).append(
                AuditLogContract.entry(DEMO, T0, AuditAction.APPROVED)))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("run `bottle audit verify`");
        assertThat(records.withName("a-000000000004").get()).isNull();
    }

    @Test
    void aRemovedEntryIsNamedByVerify() {
        appendThree();
        records().withName("a-000000000002").delete();

        assertThat(log(alice).verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, broken -> {
            assertThat(broken.location()).endsWith("/a-000000000003");
            assertThat(broken.problem()).contains("expected a-000000000002");
        });
    }

    @Test
    void aRewrittenChainTailThatRehashesStillBreaksTheLinkOfTheNextEntry() {
        appendThree();
        var records = records();
        GenericKubernetesResource second = records.withName("a-000000000002").get();
        AuditRecord original = AuditLines.decode((String) spec(second).get("line"));
        String forged = AuditLines.encode(2, AuditLogContract.entry(DEMO, T0, AuditAction.REJECTED),
                original.previousHash()).text();
        spec(second).put("line", forged);
        records.resource(second).update();

        assertThat(log(alice).verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, broken -> {
            assertThat(broken.location()).endsWith("/a-000000000003");
            assertThat(broken.problem()).contains("does not link");
        });
    }

    @Test
    void aForeignEntryAddedAfterTheChainIsNamedByVerify() {
        appendThree();
        GenericKubernetesResource foreign = new GenericKubernetesResource();
        foreign.setApiVersion(Kinds.apiVersion());
        foreign.setKind("AuditRecord");
        foreign.setMetadata(new ObjectMetaBuilder().withName("a-000000000099")
                .withNamespace(KubernetesStore.namespace(instance, DEMO)).build());
        foreign.setAdditionalProperty("spec", Map.of("seq", 99, "line", "{}"));
        records().resource(foreign).create();

        assertThat(log(alice).verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, broken ->
                assertThat(broken.location()).endsWith("/a-000000000099"));
    }

    private void appendThree() {
        AuditLog log = log(alice);
        for (int i = 0; i < 3; i++) {
            log.append(AuditLogContract.entry(DEMO, T0.plusSeconds(i), AuditAction.SUBMITTED));
        }
        assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(3, List.of()));
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> records() {
        return admin.genericKubernetesResources(Kinds.AUDIT_RECORD).inNamespace(KubernetesStore.namespace(instance, DEMO));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
