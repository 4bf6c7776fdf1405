package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.testing.AuditLogContract;
import dev.claudebottle.supervise.testing.Proposals;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped ClusterRoles (rbac.yaml) against the real API server's authoriser. The supervise sidecar's
 * ServiceAccount, with a token from the TokenRequest API and bound in its own bottle's namespace, is treated as an
 * attacker who took over the sidecar: everything it must not do is tried and must be refused by the API server.
 */
class KubernetesRbacIT {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static final BottleId DEMO = BottleId.of("demo");
    private static final BottleId OTHER = BottleId.of("other");

    private final String instance = KubeState.freshInstance();
    private KubernetesClient admin;
    private KubernetesClient alice;
    private KubernetesClient supervise;
    private KubernetesStore operatorStore;
    private KubernetesStore sidecarStore;
    private String demoNamespace;
    private String otherNamespace;

    @BeforeEach
    void bottlesAndTheirSuperviseAccount() {
        admin = KUBE.client(KubeApiServer.ADMIN);
        alice = KUBE.client(KubeApiServer.ALICE);
        operatorStore = KubernetesStore.open(alice, instance, Duration.ofSeconds(2));
        // The operator creates both bottles' namespaces (as `bottle up` would) by recording their first versions.
        operatorStore.history().record(DEMO, Component.EGRESS_PROXY, Proposals.BASE, Instant.now());
        operatorStore.history().record(OTHER, Component.EGRESS_PROXY, Proposals.BASE, Instant.now());
        demoNamespace = KubernetesStore.namespace(instance, DEMO);
        otherNamespace = KubernetesStore.namespace(instance, OTHER);
        admin.serviceAccounts().inNamespace(demoNamespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("supervise").endMetadata().build()).create();
        admin.rbac().roleBindings().inNamespace(demoNamespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("supervise").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "claude-bottle-supervise")
                .addNewSubject().withKind("ServiceAccount").withName("supervise").withNamespace(demoNamespace).endSubject()
                .build()).create();
        String token = admin.serviceAccounts().inNamespace(demoNamespace).withName("supervise")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        supervise = KUBE.server().clientWithToken(token);
        sidecarStore = KubernetesStore.openBottle(supervise, instance, DEMO);
    }

    @AfterEach
    void disconnect() {
        supervise.close();
        alice.close();
        admin.close();
    }

    @Test
    void theSuperviseAccountSubmitsReadsAndAwaitsItsOwnBottlesProposals() throws Exception {
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));

        assertThat(sidecarStore.queue().submit(proposal)).isInstanceOf(QueueWrite.Written.class);
        assertThat(sidecarStore.queue().submit(proposal)).isInstanceOf(QueueWrite.AlreadyThere.class);
        assertThat(sidecarStore.queue().find(proposal.id())).isPresent();
        assertThat(sidecarStore.auditLog().append(AuditLogContract.entry(DEMO, Instant.now(), AuditAction.SUBMITTED))
                .sequence()).isEqualTo(1);

        assertThat(operatorStore.queue().decide(proposal.id(),
                new Decision.Reject(Operator.of("alice"), "no", Instant.now()))).isInstanceOf(QueueWrite.Written.class);
        operatorStore.queue().recordOutcome(proposal.id(), new Outcome.Rejected("no", Instant.now()));

        assertThat(sidecarStore.queue().awaitOutcome(proposal.id(), Duration.ofSeconds(5)))
                .hasValueSatisfying(outcome -> assertThat(outcome.status()).isEqualTo("rejected"));
    }

    @Test
    void theSuperviseAccountCannotDecideOrRecordAnOutcome() {
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));
        sidecarStore.queue().submit(proposal);

        assertForbidden(() -> sidecarStore.queue().decide(proposal.id(),
                new Decision.Approve(Operator.of("mallory"), Optional.empty(), Optional.empty(), Instant.now())));
        assertForbidden(() -> sidecarStore.queue().recordOutcome(proposal.id(),
                new Outcome.Applied(ConfigFile.of("x").sha256(), Instant.now())));

        assertThat(operatorStore.queue().find(proposal.id()).orElseThrow().awaitsDecision()).isTrue();
    }

    @Test
    void aStatusSmuggledIntoTheCreatedObjectIsDroppedByTheServer() {
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("evil.example"));
        GenericKubernetesResource forged = ProposalResource.withStatus(
                ProposalResource.of(proposal, demoNamespace, Map.of()), "decision",
                ProposalResource.decision(new Decision.Approve(Operator.of("alice"), Optional.empty(), Optional.empty(),
                        Instant.now())));
        forged = ProposalResource.withStatus(forged, "outcome",
                ProposalResource.outcome(new Outcome.Applied(proposal.content().sha256(), Instant.now())));

        supervise.genericKubernetesResources(Kinds.PROPOSAL).inNamespace(demoNamespace).resource(forged).create();

        var record = operatorStore.queue().find(proposal.id()).orElseThrow();
        assertThat(record.decision()).isEmpty();
        assertThat(record.outcome()).isEmpty();
    }

    @Test
    void theSuperviseAccountCannotRewriteOrDeleteAProposal() {
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));
        sidecarStore.queue().submit(proposal);
        var proposals = supervise.genericKubernetesResources(Kinds.PROPOSAL).inNamespace(demoNamespace);
        GenericKubernetesResource mine = proposals.withName(proposal.id().value()).get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) mine.getAdditionalProperties().get("spec");
        spec.put("justification", "rewritten after the operator read it");

        assertForbiddenCall(() -> proposals.resource(mine).update());
        assertForbiddenCall(() -> proposals.withName(proposal.id().value()).delete());
        assertThat(operatorStore.queue().find(proposal.id()).orElseThrow().proposal()).isEqualTo(proposal);
    }

    @Test
    void theSuperviseAccountCannotTouchAnotherBottleOrTheCluster() {
        KubernetesStore intoOther = KubernetesStore.openBottle(supervise, instance, OTHER);

        assertForbidden(() -> intoOther.queue().submit(Proposals.proposal(OTHER, Proposals.routesAdding("x.example"))));
        assertForbidden(() -> intoOther.queue().list());
        assertForbidden(() -> intoOther.auditLog().append(AuditLogContract.entry(OTHER, Instant.now(), AuditAction.SUBMITTED)));
        assertForbidden(() -> intoOther.history().list(OTHER, Component.EGRESS_PROXY));
        assertForbiddenCall(() -> supervise.namespaces().list());
        assertForbiddenCall(() -> supervise.genericKubernetesResources(Kinds.PROPOSAL).inAnyNamespace().list());
        assertForbiddenCall(() -> supervise.secrets().inNamespace(demoNamespace).list());
        // Its own namespace: no versions to forge for a rollback, no lock to take or break.
        assertForbidden(() -> sidecarStore.history().record(DEMO, Component.EGRESS_PROXY, ConfigFile.of("evil"),
                Instant.now()));
        assertForbiddenCall(() -> supervise.leases().inNamespace(demoNamespace).resource(new LeaseBuilder()
                .withNewMetadata().withName(LeaseBottleLocks.LEASE_NAME).endMetadata().build()).create());
        assertForbiddenCall(() -> supervise.rbac().roleBindings().inNamespace(demoNamespace).list());
    }

    @Test
    void anAuthenticatedUserWithoutTheOperatorRoleSeesNothing() {
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));
        sidecarStore.queue().submit(proposal);
        try (KubernetesClient mallory = KUBE.client(KubeApiServer.MALLORY)) {
            KubernetesStore store = KubernetesStore.open(mallory, instance, Duration.ofSeconds(2));

            assertForbidden(() -> store.queue().list());
            assertForbiddenCall(() -> mallory.genericKubernetesResources(Kinds.PROPOSAL).inNamespace(demoNamespace)
                    .withName(proposal.id().value()).get());
        }
    }

    @Test
    void theOperatorRoleDecidesAndFirstDecisionWins() {
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));
        sidecarStore.queue().submit(proposal);
        try (KubernetesClient bob = KUBE.client(KubeApiServer.BOB)) {
            KubernetesStore bobs = KubernetesStore.open(bob, instance, Duration.ofSeconds(2));

            assertThat(operatorStore.queue().decide(proposal.id(), new Decision.Reject(Operator.of("alice"), "no",
                    Instant.now()))).isInstanceOf(QueueWrite.Written.class);
            assertThat(bobs.queue().decide(proposal.id(), new Decision.Approve(Operator.of("bob"), Optional.empty(),
                    Optional.empty(), Instant.now()))).isInstanceOf(QueueWrite.AlreadyThere.class);
        }
    }

    /** The operator sees a bottle's pods (discovery, `bottle ls`) but never a Secret, and cannot make or remove pods. */
    @Test
    void theOperatorRoleReadsPodsButNoSecretAndCannotChangePods() {
        admin.secrets().inNamespace(demoNamespace).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("egress-proxy-secrets").endMetadata()
                .addToStringData("GITHUB_TOKEN", "ghp_never_for_the_operator").build()).create();
        assertThat(alice.pods().inNamespace(demoNamespace).list().getItems()).isEmpty();
        assertForbiddenCall(() -> alice.secrets().inNamespace(demoNamespace).list());
        assertForbiddenCall(() -> alice.secrets().inNamespace(demoNamespace).withName("egress-proxy-secrets").get());
        assertForbiddenCall(() -> alice.pods().inNamespace(demoNamespace).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("intruder").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().build()).create());
        assertForbiddenCall(() -> alice.pods().inNamespace(demoNamespace).withName("egress-proxy").delete());
    }

    private static void assertForbidden(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOf(UncheckedIOException.class).hasMessageContaining("HTTP 403");
    }

    private static void assertForbiddenCall(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
