package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.kubernetes.KubernetesStore;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bottle kubernetes install} against the real API server: an account without cluster-admin rights is refused
 * by RBAC and told so, nothing changed; the administrator's run installs (again: idempotent) and binds the operator role
 * to a group, after which that group's users may list the bottle namespaces.
 */
class KubernetesInstallCliIT {
    private static KubeApiServer server;
    @RegisterExtension
    static final BeforeAllCallback KUBE = context -> server = KubeApiServer.shared(context);

    @TempDir
    Path home;

    @Test
    void onlyAClusterAdministratorInstallsAndBindsTheOperators() throws Exception {
        BottleProcess bottle = new BottleProcess(home);
        Path alice = server.kubeconfigFile("install-alice", KubeApiServer.token(KubeApiServer.ALICE));
        Path admin = server.kubeconfigFile("install-admin", KubeApiServer.token(KubeApiServer.ADMIN));
        String group = "install-it-operators";
        try (KubernetesClient client = server.client(KubeApiServer.ADMIN)) {
            BottleProcess.Result refused = bottle.run(Map.of(), "", "kubernetes", "install", "--kubeconfig",
                    alice.toString(), "--operators-group", group);
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(3);
            assertThat(refused.err()).contains("cannot prepare the cluster").contains("403").contains("cluster-admin");
            assertThat(client.rbac().clusterRoleBindings().withName(KubernetesStore.OPERATORS_BINDING).get()
                    .getSubjects()).noneMatch(s -> group.equals(s.getName()));

            BottleProcess.Result missing = bottle.run(Map.of("KUBECONFIG", home.resolve("nope").toString()), "",
                    "kubernetes", "install");
            assertThat(missing.exitCode()).as(missing.all()).isEqualTo(3);
            assertThat(missing.err()).contains("no kubeconfig at " + home.resolve("nope"));

            ClusterRoleBinding before = client.rbac().clusterRoleBindings()
                    .withName(KubernetesStore.OPERATORS_BINDING).get();
            try {
                BottleProcess.Result installed = bottle.run(Map.of("KUBECONFIG", admin.toString()), "",
                        "kubernetes", "install", "--operators-group", group);
                assertThat(installed.exitCode()).as(installed.all()).isZero();
                assertThat(installed.out()).contains("custom resource definitions").contains("ClusterRoles")
                        .contains("bound claude-bottle-operator to group " + group);
                ClusterRoleBinding binding = client.rbac().clusterRoleBindings()
                        .withName(KubernetesStore.OPERATORS_BINDING).get();
                assertThat(binding.getRoleRef().getName()).isEqualTo("claude-bottle-operator");
                assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                    assertThat(s.getKind()).isEqualTo("Group");
                    assertThat(s.getName()).isEqualTo(group);
                });
            } finally {
                // Give the shared server back its own binding (the harness binds the test operators' group).
                before.getMetadata().setResourceVersion(null);
                before.getMetadata().setManagedFields(null);
                client.rbac().clusterRoleBindings().withName(KubernetesStore.OPERATORS_BINDING).delete();
                client.rbac().clusterRoleBindings().withName(KubernetesStore.OPERATORS_BINDING).waitUntilCondition(
                        b -> b == null, 30, java.util.concurrent.TimeUnit.SECONDS);
                client.rbac().clusterRoleBindings().resource(before).create();
            }
            assertThat(client.apiextensions().v1().customResourceDefinitions()
                    .withName("proposals.claudebottle.dev").get()).isNotNull();
        }
    }
}
