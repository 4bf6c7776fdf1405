package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.kubernetes.KubernetesStore;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.testing.Proposals;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bottle} as real processes, wired from the environment as an operator runs it ({@code KUBECONFIG},
 * {@code CLAUDE_BOTTLE_KUBE_INSTANCE}): alice and bob, each with their own kubeconfig and state home, list a Kubernetes
 * bottle's proposal (submitted by its supervise account) beside their local one; bob rejects it, alice's reject is
 * refused as already decided and the supervise side sees bob's decision; a kubeconfig whose cluster does not answer
 * still lists the local proposals, the cluster named on stderr.
 */
class KubernetesStateCliIT {
    private static KubeApiServer server;
    @RegisterExtension
    static final BeforeAllCallback KUBE = context -> server = KubeApiServer.shared(context);

    private static final BottleId CLUSTER_BOTTLE = BottleId.of("cluster-bot");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final String instance = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private KubernetesClient admin;
    private KubernetesStore superviseSide;
    private String namespace;

    @BeforeEach
    void aKubernetesBottleWithItsSuperviseAccount() {
        admin = server.client(KubeApiServer.ADMIN);
        closing.add(admin);
        namespace = KubernetesStore.namespace(instance, CLUSTER_BOTTLE);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(Map.of("claudebottle.dev/instance", instance, "claudebottle.dev/bottle",
                        CLUSTER_BOTTLE.value(), "app.kubernetes.io/managed-by", "claude-bottle"))
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
        superviseSide = KubernetesStore.openBottle(supervise, instance, CLUSTER_BOTTLE);
    }

    @AfterEach
    void removeTheBottle() throws Exception {
        admin.namespaces().withName(namespace).delete();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void twoOperatorsProcessesShareTheClustersProposalBesideTheirLocalOnes() throws Exception {
        Proposal remote = fresh(CLUSTER_BOTTLE, "api.cluster.example");
        superviseSide.queue().submit(remote);
        Proposal aliceLocal = fresh(BottleId.of("alice-desk"), "alice.example");
        Proposal bobLocal = fresh(BottleId.of("bob-desk"), "bob.example");
        FileStore.open(temp.resolve("alice")).queue().submit(aliceLocal);
        FileStore.open(temp.resolve("bob")).queue().submit(bobLocal);
        BottleProcess alice = new BottleProcess(temp.resolve("alice"));
        BottleProcess bob = new BottleProcess(temp.resolve("bob"));
        Map<String, String> asAlice = environment("alice",
                server.kubeconfigFile("cli-alice-" + instance, KubeApiServer.token(KubeApiServer.ALICE)));
        Map<String, String> asBob = environment("bob",
                server.kubeconfigFile("cli-bob-" + instance, KubeApiServer.token(KubeApiServer.BOB)));

        BottleProcess.Result aliceList = alice.run(asAlice, "", "proposals", "--json");
        assertThat(aliceList.exitCode()).as(aliceList.all()).isZero();
        assertThat(aliceList.err()).doesNotContain("skipped");
        assertThat(ids(aliceList.out())).containsExactlyInAnyOrder(remote.id().value(), aliceLocal.id().value());
        BottleProcess.Result bobList = bob.run(asBob, "", "proposals", "--json");
        assertThat(ids(bobList.out())).containsExactlyInAnyOrder(remote.id().value(), bobLocal.id().value());

        BottleProcess.Result bobRejects = bob.run(asBob, "", "reject", remote.id().value(), "--reason", "not needed");
        assertThat(bobRejects.exitCode()).as(bobRejects.all()).isZero();
        BottleProcess.Result aliceRejects = alice.run(asAlice, "", "reject", remote.id().value(), "--reason", "late");
        assertThat(aliceRejects.exitCode()).as(aliceRejects.all()).isNotZero();
        assertThat(aliceRejects.err()).contains("already rejected");

        Decision decision = superviseSide.queue().find(remote.id()).orElseThrow().decision().orElseThrow();
        assertThat(decision).isInstanceOfSatisfying(Decision.Reject.class, reject -> {
            assertThat(reject.operator()).isEqualTo(Operator.of("bob"));
            assertThat(reject.reason()).isEqualTo("not needed");
        });
        assertThat(ids(alice.run(asAlice, "", "proposals", "--json").out())).containsExactly(aliceLocal.id().value());
        assertThat(FileStore.open(temp.resolve("bob")).queue().find(remote.id())).isEmpty();
    }

    @Test
    void aClusterThatDoesNotAnswerIsNamedAndTheLocalProposalsAreListed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path dead = temp.resolve("dead-kubeconfig");
        Files.writeString(dead, server.kubeconfig(KubeApiServer.token(KubeApiServer.ALICE))
                .replace(server.url().toString(), "https://127.0.0.1:" + closedPort));
        Proposal local = fresh(BottleId.of("alice-desk"), "alice.example");
        FileStore.open(temp.resolve("offline")).queue().submit(local);

        BottleProcess.Result listed = new BottleProcess(temp.resolve("offline"))
                .run(environment("alice", dead), "", "proposals", "--json");
        assertThat(listed.exitCode()).as(listed.all()).isZero();
        assertThat(ids(listed.out())).containsExactly(local.id().value());
        assertThat(listed.err()).contains("kubernetes state").contains("did not answer");
    }

    private Map<String, String> environment(String operator, Path kubeconfig) {
        return Map.of("KUBECONFIG", kubeconfig.toString(), "CLAUDE_BOTTLE_KUBE_INSTANCE", instance,
                "BOTTLE_OPERATOR", operator);
    }

    private static List<String> ids(String json) throws Exception {
        List<String> ids = new ArrayList<>();
        JsonNode root = JSON.readTree(json);
        JsonNode list = root.isArray() ? root : root.path("proposals");
        list.forEach(node -> ids.add(node.path("id").asText()));
        return ids;
    }

    private static Proposal fresh(BottleId bottle, String host) {
        return Proposals.proposal(bottle, ConfigFile.of(Proposals.routesAdding(host)), Proposals.BASE.sha256(),
                Instant.now());
    }
}
