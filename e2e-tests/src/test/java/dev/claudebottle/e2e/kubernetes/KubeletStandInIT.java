package dev.claudebottle.e2e.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet stand-in itself, on a real API server and Docker engine, with hand-written pods in a busybox image:
 * the environment, volumes, token and Service names a pod gets, its status, the cases it must refuse or hold, and
 * that a namespace deletion and {@link KubeletStandIn#close()} leave no container or network behind.
 */
class KubeletStandInIT {
    private static final String BUSYBOX = "claude-bottle-e2e-busybox:" + UUID.randomUUID().toString().substring(0, 8);
    private static KubeApiServer server;

    @TempDir
    static Path work;

    private final String instance = "standin-" + UUID.randomUUID().toString().substring(0, 8);
    private final String namespace = instance + "-probe";
    private KubernetesClient admin;
    private KubeletStandIn standIn;

    @BeforeAll
    static void apiServerAndImage() throws Exception {
        server = KubeApiServer.startForContainers();
        Path context = Files.createDirectories(work.resolve("busybox"));
        Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCMD [\"/bin/sh\"]\n");
        StandInDocker.ok("docker", "build", "-q", "--label", "claude-bottle.test=e2e", "-t", BUSYBOX, context.toString());
    }

    @AfterAll
    static void stop() {
        StandInDocker.run("docker", "rmi", "-f", BUSYBOX);
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void standInAndNamespace() {
        admin = server.client(KubeApiServer.ADMIN);
        standIn = KubeletStandIn.start(server, instance, Duration.ofSeconds(2));
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(Map.of("claudebottle.dev/instance", instance, "claudebottle.dev/bottle", "probe",
                        "app.kubernetes.io/managed-by", "claude-bottle")).endMetadata().build()).create();
    }

    @AfterEach
    void nothingLeft() {
        try {
            standIn.close();
            assertThat(StandInDocker.run("docker", "ps", "-aq", "--filter", "label=" + StandInDocker.LABEL + "=" + instance).out()).isBlank();
            assertThat(StandInDocker.run("docker", "network", "ls", "-q", "--filter", "label=" + StandInDocker.LABEL + "=" + instance).out()).isBlank();
        } finally {
            try {
                admin.namespaces().withName(namespace).delete();
            } catch (KubernetesClientException e) {
                // already gone
            }
            admin.close();
        }
    }

    @Test
    void aPodGetsItsEnvironmentVolumesTokenAndServiceNamesAndIsReportedReady() throws Exception {
        ConfigMap rootCa = await(() -> admin.configMaps().inNamespace(namespace).withName("kube-root-ca.crt").get(),
                m -> m != null, "kube-root-ca.crt published");
        assertThat(rootCa.getData().get("ca.crt")).isEqualTo(Files.readString(server.caFile()));
        accountThatMayReadOneConfigMap();
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("greeting", "hello").build()).create();
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName("other")
                .endMetadata().addToData("x", "y").build()).create();
        admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("credentials")
                .endMetadata().addToStringData("password", "s3cret").addToStringData("unlisted", "no").build()).create();
        admin.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withName("http").withPort(8080).endPort().endSpec()
                .build()).create();

        admin.pods().inNamespace(namespace).resource(webPod()).create();
        admin.pods().inNamespace(namespace).resource(simplePod("client", "sleep 3600")).create();
        Pod web = awaitReady("web");
        awaitReady("client");

        assertThat(web.getStatus().getPodIP()).isNotBlank();
        assertThat(web.getSpec().getNodeName()).as("bound as a scheduler would").isEqualTo("kubelet-stand-in-" + instance);
        String container = standIn.container(namespace, "web").orElseThrow();
        String env = exec(container, "env");
        assertThat(env).contains("GREETING=hello\n", "PASSWORD=s3cret\n", "POD_NAMESPACE=" + namespace + "\n",
                "POD_NAME=web\n", "PLAIN=v-web-$(UNDEFINED)\n", "KUBERNETES_SERVICE_HOST=kubernetes.default.svc\n",
                "KUBERNETES_SERVICE_PORT=" + server.port() + "\n");
        assertThat(exec(container, "id", "-u").strip()).isEqualTo("1000");
        assertThat(exec(container, "cat", "/run/creds/pw")).isEqualTo("s3cret");
        assertThat(exec(container, "ls", "/run/creds").strip()).isEqualTo("pw");
        assertThat(exec(container, "stat", "-L", "-c", "%a %g", "/run/creds/pw").strip()).as("0400 + fsGroup read").isEqualTo("440 2000");
        assertThat(StandInDocker.run("docker", "exec", container, "touch", "/etc/settings/new").ok()).as("read-only").isFalse();
        assertThat(StandInDocker.run("docker", "exec", container, "touch", "/scratch/new").ok()).as("emptyDir writable").isTrue();
        String account = "/var/run/secrets/kubernetes.io/serviceaccount/";
        assertThat(exec(container, "cat", account + "namespace")).isEqualTo(namespace);
        assertThat(exec(container, "cat", account + "ca.crt")).isEqualTo(Files.readString(server.caFile()));
        assertThat(exec(container, "stat", "-L", "-c", "%u %a", account + "token").strip()).isEqualTo("1000 640");

        // The token is the pod's ServiceAccount's, minted by the API server: RBAC applies to it, from inside and out.
        String url = "https://kubernetes.default.svc:" + server.port() + "/api/v1/namespaces/" + namespace + "/configmaps/";
        String inside = "wget -q --no-check-certificate -O - --header \"Authorization: Bearer $(cat " + account + "token)\" ";
        assertThat(exec(container, "sh", "-c", inside + url + "settings")).contains("\"greeting\": \"hello\"");
        StandInDocker.Result refused = StandInDocker.run("docker", "exec", container, "sh", "-c", inside + url + "other");
        assertThat(refused.ok()).isFalse();
        assertThat(refused.err()).contains("403");
        String token = exec(container, "cat", account + "token");
        try (KubernetesClient pod = server.clientWithToken(token)) {
            assertThat(pod.configMaps().inNamespace(namespace).withName("settings").get().getData()).containsEntry("greeting", "hello");
            assertThatThrownBy(() -> pod.secrets().inNamespace(namespace).withName("credentials").get())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }

        String client = standIn.container(namespace, "client").orElseThrow();
        assertThat(exec(client, "wget", "-q", "-O", "-", "http://web:8080/")).isEqualTo("served\n");
        assertThat(exec(client, "wget", "-q", "-O", "-", "http://web." + namespace + ".svc:8080/")).isEqualTo("served\n");
        assertThat(StandInDocker.run("docker", "exec", client, "ls", account).ok())
                .as("automountServiceAccountToken false and no token volume: no token").isFalse();

        admin.configMaps().inNamespace(namespace).withName("settings").edit(m -> {
            m.getData().put("greeting", "changed");
            return m;
        });
        await(() -> exec(container, "cat", "/etc/settings/greeting"), "changed"::equals, "the ConfigMap volume converged");
        assertThat(exec(container, "env")).as("env is fixed at start").contains("GREETING=hello\n");
        assertThat(standIn.problems()).isEmpty();
    }

    @Test
    void aPodWaitsForAMissingSecretAndStartsOnceItExists() throws Exception {
        accountThatMayReadOneConfigMap();
        Pod pod = simplePod("waiting", "sleep 3600");
        pod.getSpec().getContainers().getFirst().setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                .withName("LATER").withNewValueFrom().withNewSecretKeyRef("value", "later", false).endValueFrom().build()));
        admin.pods().inNamespace(namespace).resource(pod).create();

        Pod waiting = await(() -> admin.pods().inNamespace(namespace).withName("waiting").get(),
                p -> p.getStatus() != null && !p.getStatus().getContainerStatuses().isEmpty()
                        && p.getStatus().getContainerStatuses().getFirst().getState().getWaiting() != null, "a waiting status");
        var state = waiting.getStatus().getContainerStatuses().getFirst().getState().getWaiting();
        assertThat(state.getReason()).isEqualTo("CreateContainerConfigError");
        assertThat(state.getMessage()).contains("\"later\" not found");
        assertThat(standIn.container(namespace, "waiting")).isEmpty();

        admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("later")
                .endMetadata().addToStringData("value", "now").build()).create();
        awaitReady("waiting");
        assertThat(exec(standIn.container(namespace, "waiting").orElseThrow(), "env")).contains("LATER=now\n");
    }

    @Test
    void anExitingContainerFailsItsPodWithTheExitCodeAndLogAndRootIsRefusedUnderRunAsNonRoot() throws Exception {
        accountThatMayReadOneConfigMap();
        admin.pods().inNamespace(namespace).resource(simplePod("crash", "echo boom >&2; exit 3")).create();
        Pod rooted = simplePod("rooted", "sleep 3600");
        rooted.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                .withRunAsNonRoot(true).build());
        admin.pods().inNamespace(namespace).resource(rooted).create();

        Pod crashed = await(() -> admin.pods().inNamespace(namespace).withName("crash").get(),
                p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()), "the crash pod failed");
        var terminated = crashed.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(3);
        assertThat(terminated.getMessage()).contains("boom");
        Pod refused = await(() -> admin.pods().inNamespace(namespace).withName("rooted").get(),
                p -> p.getStatus() != null && !p.getStatus().getContainerStatuses().isEmpty(), "the rooted pod's status");
        assertThat(refused.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(refused.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getMessage())
                .contains("runAsNonRoot and image will run as root");
        assertThat(standIn.container(namespace, "rooted")).isEmpty();
    }

    @Test
    void aServiceMadeAfterItsPodGetsItsNameAndADeletedPodsContainerGoes() throws Exception {
        accountThatMayReadOneConfigMap();
        Pod late = simplePod("late", "mkdir -p /tmp/www && echo late > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www");
        late.getMetadata().setLabels(Map.of("app", "late"));
        admin.pods().inNamespace(namespace).resource(late).create();
        admin.pods().inNamespace(namespace).resource(simplePod("asker", "sleep 3600")).create();
        awaitReady("late");
        awaitReady("asker");
        String asker = standIn.container(namespace, "asker").orElseThrow();
        assertThat(StandInDocker.run("docker", "exec", asker, "timeout", "5", "wget", "-q", "-O", "-", "http://late-svc:8080/").ok())
                .as("no Service yet, no name").isFalse();

        admin.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName("late-svc").endMetadata()
                .withNewSpec().addToSelector("app", "late").addNewPort().withPort(8080).endPort().endSpec().build()).create();

        await(() -> StandInDocker.run("docker", "exec", asker, "timeout", "5", "wget", "-q", "-O", "-", "http://late-svc:8080/").out(),
                "late\n"::equals, "the late Service's name resolving to its pod");
        String container = standIn.container(namespace, "late").orElseThrow();
        admin.pods().inNamespace(namespace).withName("late").delete(); // graceful: the pod is bound to the stand-in's node
        await(() -> admin.pods().inNamespace(namespace).withName("late").get(), p -> p == null, "the deleted pod gone");
        await(() -> StandInDocker.run("docker", "ps", "-aq", "--filter", "name=" + container).out(), String::isBlank,
                "the deleted pod's container removed");
        assertThat(standIn.container(namespace, "late")).isEmpty();
        assertThat(standIn.problems()).isEmpty();
    }

    @Test
    void aDeletedNamespaceIsEmptiedFinalizedAndItsContainersAndNetworkRemoved() throws Exception {
        accountThatMayReadOneConfigMap();
        admin.pods().inNamespace(namespace).resource(simplePod("sleeper", "sleep 3600")).create();
        awaitReady("sleeper");
        String filter = "label=" + StandInDocker.NAMESPACE_LABEL + "=" + namespace;
        assertThat(StandInDocker.run("docker", "ps", "-q", "--filter", filter).out()).isNotBlank();

        admin.namespaces().withName(namespace).delete();

        await(() -> admin.namespaces().withName(namespace).get(), n -> n == null, "the namespace gone");
        assertThat(StandInDocker.run("docker", "ps", "-aq", "--filter", filter).out()).isBlank();
        assertThat(StandInDocker.run("docker", "network", "ls", "-q", "--filter", filter).out()).isBlank();
        assertThat(standIn.problems()).isEmpty();
    }

    private void accountThatMayReadOneConfigMap() {
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("prober").endMetadata().build()).create();
        admin.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName("prober")
                .endMetadata().withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                        .withResourceNames("settings").withVerbs("get").build()).build()).create();
        admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("prober").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "prober")
                .addNewSubject().withKind("ServiceAccount").withName("prober").withNamespace(namespace).endSubject()
                .build()).create();
    }

    private Pod webPod() {
        return new PodBuilder().withNewMetadata().withName("web").addToLabels("app", "web").endMetadata()
                .withNewSpec().withServiceAccountName("prober").withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsUser(1000L).withFsGroup(2000L).endSecurityContext()
                .withContainers(new ContainerBuilder().withName("main").withImage(BUSYBOX)
                        .withCommand("sh", "-c").withArgs("mkdir -p /scratch/www && echo served > /scratch/www/index.html"
                                + " && exec httpd -f -p 8080 -h /scratch/www")
                        .addNewPort().withContainerPort(8080).endPort()
                        .addNewEnv().withName("GREETING").withNewValueFrom().withNewConfigMapKeyRef("greeting", "settings", false)
                        .endValueFrom().endEnv()
                        .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "credentials", false)
                        .endValueFrom().endEnv()
                        .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
                        .endFieldRef().endValueFrom().endEnv()
                        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                        .endFieldRef().endValueFrom().endEnv()
                        .addNewEnv().withName("PLAIN").withValue("v-$(POD_NAME)-$(UNDEFINED)").endEnv()
                        .addNewVolumeMount().withName("settings").withMountPath("/etc/settings").endVolumeMount()
                        .addNewVolumeMount().withName("creds").withMountPath("/run/creds").endVolumeMount()
                        .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                        .addNewVolumeMount().withName("account").withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                        .withReadOnly(true).endVolumeMount()
                        .build())
                .addNewVolume().withName("settings").withNewConfigMap().withName("settings").endConfigMap().endVolume()
                .addNewVolume().withName("creds").withNewSecret().withSecretName("credentials").withDefaultMode(0400)
                .addNewItem().withKey("password").withPath("pw").endItem().endSecret().endVolume()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("account").withNewProjected().addNewSource().withNewServiceAccountToken()
                .withPath("token").withExpirationSeconds(3600L).endServiceAccountToken().endSource()
                .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").addNewItem().withKey("ca.crt")
                .withPath("ca.crt").endItem().endConfigMap().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
                .endProjected().endVolume()
                .endSpec().build();
    }

    private static Pod simplePod(String name, String script) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withServiceAccountName("prober").withAutomountServiceAccountToken(false)
                .withContainers(new ContainerBuilder().withName("main").withImage(BUSYBOX)
                        .withCommand("sh", "-c", script).build())
                .endSpec().build();
    }

    private Pod awaitReady(String pod) throws Exception {
        return await(() -> admin.pods().inNamespace(namespace).withName(pod).get(),
                p -> p.getStatus() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")),
                "pod " + pod + " Ready");
    }

    private <T> T await(java.util.concurrent.Callable<T> read, Predicate<T> done, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not reached within 60 s: " + what + "; last: " + last + "; problems: " + standIn.problems());
    }

    private static String exec(String container, String... command) {
        List<String> full = new java.util.ArrayList<>(List.of("docker", "exec", container));
        full.addAll(List.of(command));
        return StandInDocker.ok(full).out();
    }
}
