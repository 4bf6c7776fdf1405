package dev.claudebottle.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.multibindings.MapBinder;
import dev.claudebottle.kubernetes.KubernetesStore;
import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.kubernetes.KubernetesStoreModule;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.api.Approval;
import dev.claudebottle.supervise.api.ApprovalResult;
import dev.claudebottle.supervise.api.GatewayProfile;
import dev.claudebottle.supervise.api.OnStaleBase;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.api.RejectResult;
import dev.claudebottle.supervise.api.Supervisor;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.testing.FakeComponentConfigs;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.tools.egressproxy.RoutesValidator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two operators, alice and bob, each with their own kubeconfig (token-file users of the real API server, both bound to
 * ClusterRole claude-bottle-operator) and their own state home, wired as bottle-app wires the CLI (OperatorModule over
 * the file store plus {@link KubernetesStoreModule#gatewayState}). A Kubernetes bottle's supervise account (a ServiceAccount token
 * from the TokenRequest API, as its pod has) submits a proposal to the API server; both operators see it beside their
 * own local bottle's proposal; alice approves, bob sees her decision and cannot decide again. The bottle's routes are
 * installed by a {@link FakeComponentConfigs} registered as the {@code kubernetes} gateway (the real one is another
 * helper's; the end-to-end test runs it). Also: an operator whose account may not read the state, and one whose
 * cluster does not answer, still see their local proposals, with the problem said.
 */
class KubernetesOperatorStateIT {
    private static KubeApiServer server;
    @RegisterExtension
    static final BeforeAllCallback KUBE = context -> server = KubeApiServer.shared(context);

    private static final BottleId KUBE_BOTTLE = BottleId.of("cluster-bot");
    private static final BottleId ALICE_LOCAL = BottleId.of("alice-desk");
    private static final BottleId BOB_LOCAL = BottleId.of("bob-desk");

    @TempDir
    Path temp;

    private final String instance = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final FakeComponentConfigs cluster = new FakeComponentConfigs(new RoutesValidator(), Clock.SYSTEM);
    private KubernetesClient admin;
    private KubernetesStore superviseSide;
    private String namespace;

    @BeforeEach
    void aKubernetesBottleWithItsSuperviseAccount() {
        admin = server.client(KubeApiServer.ADMIN);
        closing.add(admin);
        namespace = KubernetesStore.namespace(instance, KUBE_BOTTLE);
        // What `bottle up --gateway kubernetes` makes: the labelled namespace and the supervise account bound to
        // the supervise ClusterRole.
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(Map.of("claudebottle.dev/instance", instance, "claudebottle.dev/bottle", KUBE_BOTTLE.value(),
                        "app.kubernetes.io/managed-by", "claude-bottle"))
                .endMetadata().build()).create();
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("supervise").endMetadata().build()).create();
        admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("supervise-state").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "claude-bottle-supervise")
                .addNewSubject().withKind("ServiceAccount").withName("supervise").withNamespace(namespace).endSubject()
                .build()).create();
        String token = admin.serviceAccounts().inNamespace(namespace).withName("supervise")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        KubernetesClient supervise = server.clientWithToken(token);
        closing.add(supervise);
        superviseSide = KubernetesStore.openBottle(supervise, instance, KUBE_BOTTLE);
        cluster.startBottle(KUBE_BOTTLE, Proposals.BASE);
    }

    @AfterEach
    void removeTheBottle() throws Exception {
        admin.namespaces().withName(namespace).delete();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void twoOperatorsOnTwoKubeconfigsShareTheClustersQueueBesideTheirOwnFileStores() throws Exception {
        OperatorDesk alice = operator("alice", server.kubeconfigFile("alice-" + instance, KubeApiServer.token(KubeApiServer.ALICE)));
        OperatorDesk bob = operator("bob", server.kubeconfigFile("bob-" + instance, KubeApiServer.token(KubeApiServer.BOB)));
        Proposal remote = fresh(KUBE_BOTTLE, "api.cluster.example");
        assertThat(superviseSide.queue().submit(remote)).isInstanceOf(QueueWrite.Written.class);
        Proposal aliceLocal = fresh(ALICE_LOCAL, "alice.example");
        Proposal bobLocal = fresh(BOB_LOCAL, "bob.example");
        FileStore.open(temp.resolve("alice")).queue().submit(aliceLocal);
        FileStore.open(temp.resolve("bob")).queue().submit(bobLocal);

        ProposalListing aliceSees = alice.proposals();
        ProposalListing bobSees = bob.proposals();
        assertThat(aliceSees.problems()).isEmpty();
        assertThat(aliceSees.awaitingDecision()).extracting(ProposalRecord::id)
                .containsExactlyInAnyOrder(remote.id(), aliceLocal.id());
        assertThat(bobSees.problems()).isEmpty();
        assertThat(bobSees.awaitingDecision()).extracting(ProposalRecord::id)
                .containsExactlyInAnyOrder(remote.id(), bobLocal.id());

        ApprovalResult approved = alice.approve(remote.id(), new Approval(Optional.of("needed for the build"),
                OnStaleBase.ASK, Optional.empty()), record -> { });
        assertThat(approved).isInstanceOf(ApprovalResult.Applied.class);
        assertThat(cluster.live(KUBE_BOTTLE)).contains(remote.content());
        // The agent's side, waiting in the supervise pod, sees the outcome on the API server.
        assertThat(superviseSide.queue().awaitOutcome(remote.id(), Duration.ofSeconds(10)))
                .containsInstanceOf(Outcome.Applied.class);

        ProposalRecord bobsView = bob.find(remote.id()).orElseThrow();
        assertThat(bobsView.decision()).containsInstanceOf(Decision.Approve.class);
        assertThat(((Decision.Approve) bobsView.decision().orElseThrow()).operator()).isEqualTo(Operator.of("alice"));
        assertThat(bobsView.outcome()).containsInstanceOf(Outcome.Applied.class);
        assertThat(bob.proposals().awaitingDecision()).extracting(ProposalRecord::id).containsExactly(bobLocal.id());

        assertThat(bob.reject(remote.id(), "too late")).isInstanceOf(RejectResult.AlreadyDecided.class);
        assertThat(bob.approve(remote.id(), Approval.sendingBack(Optional.empty()), record -> { }))
                .isInstanceOf(ApprovalResult.Refused.class);
        assertThat(bob.find(remote.id()).orElseThrow().decision().orElseThrow()).isEqualTo(bobsView.decision().orElseThrow());

        // Alice's change was recorded on the cluster (audit chain and version history), not in her state home.
        List<AuditRecord> trail = bob.audit(Optional.of(KUBE_BOTTLE)).records();
        assertThat(trail).extracting(r -> r.entry().action()).contains(AuditAction.APPROVED, AuditAction.APPLIED);
        assertThat(trail).filteredOn(r -> r.entry().action() == AuditAction.APPROVED).singleElement()
                .satisfies(r -> assertThat(r.entry().operator()).contains(Operator.of("alice")));
        assertThat(superviseSide.auditLog().read(Optional.of(KUBE_BOTTLE)).records()).hasSameSizeAs(trail);
        assertThat(bob.history(KUBE_BOTTLE, Component.EGRESS_PROXY)).extracting(v -> v.sha256())
                .contains(remote.content().sha256());
        assertThat(FileStore.open(temp.resolve("alice")).auditLog().read(Optional.of(KUBE_BOTTLE)).records()).isEmpty();
        assertThat(FileStore.open(temp.resolve("alice")).history().list(KUBE_BOTTLE, Component.EGRESS_PROXY)).isEmpty();
        assertThat(Files.exists(temp.resolve("alice").resolve("bottles").resolve(KUBE_BOTTLE.value()))).isFalse();
        // Bob's own local bottle is untouched by alice and still his to decide.
        assertThat(bob.reject(bobLocal.id(), "not today")).isInstanceOf(RejectResult.Rejected.class);
        assertThat(alice.find(bobLocal.id())).isEmpty();
        assertThat(bob.verify()).isInstanceOf(AuditVerification.Intact.class);
        assertThat(alice.verify()).isInstanceOf(AuditVerification.Intact.class);
    }

    @Test
    void aBottleNameInBothStoresIsTheClustersAndItsOldLocalProposalStaysDecidable() throws Exception {
        Proposal oldLocal = fresh(KUBE_BOTTLE, "from-when-it-ran-locally.example");
        FileStore aliceFiles = FileStore.open(temp.resolve("alice"));
        aliceFiles.queue().submit(oldLocal);
        Proposal remote = fresh(KUBE_BOTTLE, "api.cluster.example");
        superviseSide.queue().submit(remote);
        OperatorDesk alice = operator("alice", server.kubeconfigFile("both-alice-" + instance,
                KubeApiServer.token(KubeApiServer.ALICE)));

        assertThat(alice.proposals().awaitingDecision()).extracting(ProposalRecord::id)
                .containsExactlyInAnyOrder(oldLocal.id(), remote.id());
        assertThat(alice.reject(oldLocal.id(), "stale")).isInstanceOf(RejectResult.Rejected.class);
        assertThat(aliceFiles.queue().find(oldLocal.id()).orElseThrow().decision()).isPresent();
        assertThat(superviseSide.queue().find(oldLocal.id())).isEmpty();
        // The bottle's chain is the cluster's now: the decision on its old proposal is recorded there.
        assertThat(superviseSide.auditLog().read(Optional.of(KUBE_BOTTLE)).records())
                .anySatisfy(r -> assertThat(r.entry().proposal()).contains(oldLocal.id()));
        assertThat(alice.approve(remote.id(), new Approval(Optional.empty(), OnStaleBase.ASK, Optional.empty()),
                record -> { })).isInstanceOf(ApprovalResult.Applied.class);
        assertThat(superviseSide.queue().find(remote.id()).orElseThrow().outcome()).containsInstanceOf(Outcome.Applied.class);
        assertThat(aliceFiles.queue().find(remote.id())).isEmpty();
        assertThat(alice.verify()).isInstanceOf(AuditVerification.Intact.class);
    }

    @Test
    void anOperatorTheClusterRefusesStillSeesTheirLocalProposalsAndIsToldWhy() throws Exception {
        Proposal remote = fresh(KUBE_BOTTLE, "api.cluster.example");
        superviseSide.queue().submit(remote);
        OperatorDesk mallory = operator("mallory", server.kubeconfigFile("mallory-" + instance,
                KubeApiServer.token(KubeApiServer.MALLORY)));
        Proposal local = fresh(ALICE_LOCAL, "local.example");
        FileStore.open(temp.resolve("mallory")).queue().submit(local);

        ProposalListing listing = mallory.proposals();
        assertThat(listing.proposals()).extracting(ProposalRecord::id).containsExactly(local.id());
        assertThat(listing.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location()).isEqualTo("kubernetes state");
            assertThat(problem.message()).contains("403");
        });
        assertThat(mallory.reject(local.id(), "no")).isInstanceOf(RejectResult.Rejected.class);
        // The cluster's proposal is neither decided nor reported missing: the answer is the refusal.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mallory.reject(remote.id(), "no"))
                .hasMessageContaining("kubernetes state").hasMessageContaining("403");
        assertThat(superviseSide.queue().find(remote.id()).orElseThrow().decision()).isEmpty();
    }

    @Test
    void anOperatorWhoseClusterDoesNotAnswerStillWorksOnLocalBottles() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path deadKubeconfig = temp.resolve("dead-kubeconfig");
        Files.writeString(deadKubeconfig, server.kubeconfig(KubeApiServer.token(KubeApiServer.ALICE))
                .replace(server.url().toString(), "https://127.0.0.1:" + closedPort));
        OperatorDesk offline = operator("offline", deadKubeconfig);
        Proposal local = fresh(ALICE_LOCAL, "local.example");
        FileStore.open(temp.resolve("offline")).queue().submit(local);

        long started = System.nanoTime();
        ProposalListing listing = offline.proposals();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(listing.proposals()).extracting(ProposalRecord::id).containsExactly(local.id());
        assertThat(listing.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.location()).isEqualTo("kubernetes state"));
        assertThat(took).as("a refused connection is not waited for").isLessThan(Duration.ofSeconds(5));
        // What follows within the recheck interval does not ask the silent cluster again.
        started = System.nanoTime();
        assertThat(offline.reject(local.id(), "no")).isInstanceOf(RejectResult.Rejected.class);
        assertThat(offline.audit(Optional.of(ALICE_LOCAL)).records()).isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(offline.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class,
                broken -> assertThat(broken.problem()).contains("not verified"));
    }

    /** A proposal of {@code bottle} adding {@code host}, made now (so it is not expired). */
    private static Proposal fresh(BottleId bottle, String host) {
        return Proposals.proposal(bottle, ConfigFile.of(Proposals.routesAdding(host)), Proposals.BASE.sha256(),
                Instant.now());
    }

    /** An operator facade as the CLI wires it, over {@code kubeconfig} and a state home of their own. */
    private OperatorDesk operator(String name, Path kubeconfig) {
        KubeConnection connection = KubeConnection.of(Optional.of(kubeconfig), Optional.empty(), instance);
        closing.add(connection);
        FakeComponentConfigs gateway = cluster;
        return Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder.newMapBinder(binder(), String.class, ComponentConfigs.class)
                        .addBinding(KubernetesStoreModule.GATEWAY).toInstance(gateway);
                MapBinder.newMapBinder(binder(), String.class, BottleDiscovery.class)
                        .addBinding(KubernetesStoreModule.GATEWAY).toInstance(gateway);
                MapBinder.newMapBinder(binder(), String.class, GatewayProfile.class);
            }
        }, KubernetesStoreModule.gatewayState(connection), new OperatorModule(temp.resolve(name)))
                .getInstance(Supervisor.class).operator(Operator.of(name));
    }
}
