package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.testing.Proposals;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Objects on the API server that are not what the store wrote (written directly by someone with the rights):
 * listings report them and carry on, reading one by id is a clear error naming it, nothing is applied from them.
 */
class KubernetesStateProblemsIT {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static final BottleId DEMO = BottleId.of("demo");
    private static KubernetesClient admin;

    private final String instance = KubeState.freshInstance();

    @BeforeAll
    static void connect() {
        admin = KUBE.client(KubeApiServer.ADMIN);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void aProposalWhoseContentWasSwappedIsReportedNotListedAndNotDecidable() {
        KubernetesStore store = KubernetesStore.open(admin, instance, Duration.ofSeconds(2));
        Proposal good = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));
        Proposal swapped = Proposals.proposal(DEMO, Proposals.routesAdding("crates.io"));
        store.queue().submit(good);
        store.queue().submit(swapped);
        var proposals = admin.genericKubernetesResources(Kinds.PROPOSAL).inNamespace(KubernetesStore.namespace(instance, DEMO));
        GenericKubernetesResource object = proposals.withName(swapped.id().value()).get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) object.getAdditionalProperties().get("spec");
        spec.put("contentBase64", Base64.getEncoder().encodeToString("routes:\n  - host: \"*\"\n".getBytes()));
        proposals.resource(object).update();

        ProposalListing listing = store.queue().list();
        assertThat(listing.proposals()).extracting(r -> r.id()).containsExactly(good.id());
        assertThat(listing.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location()).contains(swapped.id().value());
            assertThat(problem.message()).contains("does not match its recorded SHA-256");
        });
        assertThatThrownBy(() -> store.queue().find(swapped.id())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(swapped.id().value());
        assertThatThrownBy(() -> store.queue().decide(swapped.id(), new Decision.Approve(Operator.of("alice"),
                java.util.Optional.empty(), java.util.Optional.empty(), Instant.now())))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(store.queue().decide(good.id(), new Decision.Reject(Operator.of("alice"), "no", Instant.now())))
                .isInstanceOf(QueueWrite.Written.class);
    }

    @Test
    void aNamespaceLabelledAsABottleUnderAnotherNameIsReportedAndIgnored() {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(instance + "-impostor")
                .withLabels(Map.of(StateLayout.INSTANCE_LABEL, instance, StateLayout.BOTTLE_LABEL, "demo")).endMetadata()
                .build()).create();
        KubernetesStore store = KubernetesStore.open(admin, instance, Duration.ofSeconds(2));

        ProposalListing listing = store.queue().list();
        assertThat(listing.proposals()).isEmpty();
        assertThat(listing.problems()).singleElement().satisfies(problem ->
                assertThat(problem.location()).isEqualTo("namespace " + instance + "-impostor"));
    }

    @Test
    void anUnlabelledNamespaceWithABottlesNameIsNotTakenOver() {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName(KubernetesStore.namespace(instance, DEMO)).endMetadata().build()).create();
        KubernetesStore store = KubernetesStore.open(admin, instance, Duration.ofSeconds(2));

        assertThatThrownBy(() -> store.queue().submit(Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not labelled as bottle demo");
    }

    @Test
    void aSingleBottleStoreRefusesOtherBottlesBeforeAskingTheServer() {
        KubernetesStore sidecar = KubernetesStore.openBottle(admin, instance, DEMO);

        assertThatThrownBy(() -> sidecar.queue().submit(Proposals.proposal(BottleId.of("other"),
                Proposals.routesAdding("pypi.org")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds bottle demo only, not other");
    }
}
