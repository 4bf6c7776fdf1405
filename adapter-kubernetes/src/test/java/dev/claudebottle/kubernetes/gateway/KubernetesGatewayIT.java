package dev.claudebottle.kubernetes.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudebottle.kubernetes.StateLayout;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kubernetes gateway's launcher against a real kube-apiserver (no kubelet: {@link FakeKubeletReadiness} reports
 * what a kubelet and the proxy would, through the API). Every test has its own state instance; its namespaces are
 * deleted afterwards (they stay Terminating without a namespace controller, which is harmless here).
 */
class KubernetesGatewayIT {
    private static final BottleManifests.Images IMAGES = new BottleManifests.Images(
            "claude-bottle-egress-proxy:test", "claude-bottle-supervise:test");
    private static final BottleId DEMO = BottleId.of("demo");
    private static final String ROUTES = "version: 1\nroutes:\n  - host: pypi.org\n    methods: [GET]\n";
    private static final String SECRET_VALUE = "ghp_secretvalue123";

    static final class Server implements BeforeAllCallback {
        KubeApiServer server;

        @Override
        public void beforeAll(ExtensionContext context) {
            server = KubeApiServer.shared(context);
        }
    }

    @RegisterExtension
    static final Server KUBE = new Server();

    @TempDir
    Path home;

    private String instance;
    private KubernetesClient admin;
    private KubeConnection connection;
    private final List<Thread> standIns = new ArrayList<>();

    @BeforeEach
    void connect() {
        instance = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        admin = KUBE.server.client(KubeApiServer.ADMIN);
        Path kubeconfig = KUBE.server.kubeconfigFile("gateway-" + instance, KubeApiServer.token(KubeApiServer.ADMIN));
        connection = KubeConnection.of(Optional.of(kubeconfig), Optional.empty(), instance);
    }

    @AfterEach
    void cleanUp() {
        standIns.forEach(Thread::interrupt);
        admin.namespaces().withLabel(StateLayout.INSTANCE_LABEL, instance).delete();
        connection.close();
        admin.close();
    }

    private KubernetesBottleLauncher launcher(Duration readyTimeout) {
        return new KubernetesBottleLauncher(connection, () -> IMAGES, home, readyTimeout, Duration.ofSeconds(1));
    }

    private LaunchRequest request(BottleId bottle, Optional<String> image) {
        return new LaunchRequest(bottle, ConfigFile.of(ROUTES), image, Map.of("GITHUB_TOKEN", SECRET_VALUE), List.of());
    }

    private String namespace(BottleId bottle) {
        return instance + "-" + bottle;
    }

    private RunningBottle upWithStandIn(KubernetesBottleLauncher launcher, LaunchRequest request) throws Exception {
        standIns.add(FakeKubeletReadiness.start(admin, namespace(request.bottle())));
        return launcher.up(request);
    }

    @Test
    void upCreatesExactlyTheObjectsTheDryRunPrints() throws Exception {
        KubernetesBottleLauncher launcher = launcher(Duration.ofSeconds(30));
        LaunchRequest request = request(DEMO, Optional.of("agent-image:1"));
        String dryRun = launcher.plan(request).orElseThrow();

        RunningBottle running = upWithStandIn(launcher, request);

        List<HasMetadata> onServer = serverObjects(namespace(DEMO));
        List<HasMetadata> planned = BottleManifests.of(request, instance, IMAGES, "t", new dev.claudebottle.supervise
                .application.port.out.ProxyCredential("u", "p"), Optional.empty()).all();
        assertThat(onServer.stream().map(KubernetesGatewayIT::key).sorted().toList())
                .isEqualTo(planned.stream().map(KubernetesGatewayIT::key).sorted().toList());
        List<HasMetadata> inPlanOrder = planned.stream().map(p -> onServer.stream()
                .filter(s -> key(s).equals(key(p))).findFirst().orElseThrow()).toList();
        String serverYaml = prunedLike(BottleManifests.yaml(inPlanOrder), dryRun);
        assertThat(serverYaml).isEqualTo(withoutComments(dryRun));
        assertThat(dryRun).doesNotContain(SECRET_VALUE).contains(BottleManifests.REDACTED)
                .contains("# Secret values are replaced by <redacted>");

        assertThat(running.gateway()).isEqualTo("kubernetes");
        assertThat(running.proxyUrl()).isEqualTo("http://egress-proxy." + namespace(DEMO) + ".svc:3128");
        assertThat(running.mcpUrl()).isEqualTo("http://supervise." + namespace(DEMO) + ".svc:8080/mcp");
        assertThat(Files.readString(Path.of(running.caCert()))).isEqualTo(FakeKubeletReadiness.CA);
        Path token = Path.of(running.mcpTokenFile());
        assertThat(Files.getPosixFilePermissions(token)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        String written = new String(java.util.Base64.getDecoder().decode(admin.secrets().inNamespace(namespace(DEMO))
                .withName(BottleNames.SUPERVISE_TOKEN).get().getData().get(BottleNames.TOKEN_KEY)));
        assertThat(Files.readString(token).strip()).isEqualTo(written).hasSize(64);
        ConfigMap agentConfig = admin.configMaps().inNamespace(namespace(DEMO)).withName(BottleNames.AGENT_CONFIG).get();
        assertThat(agentConfig.getData().get(BottleNames.CA_KEY)).isEqualTo(FakeKubeletReadiness.CA);
        assertThat(agentConfig.getData().get(BottleNames.MCP_KEY)).doesNotContain(written);
        assertThat(admin.configMaps().inNamespace(namespace(DEMO)).withName(BottleNames.ROUTES).get().getData()
                .get(BottleNames.ROUTES_KEY)).isEqualTo(ROUTES);

        assertThat(launcher.list()).singleElement().satisfies(b -> {
            assertThat(b.name()).isEqualTo(DEMO);
            assertThat(b.components()).containsKeys(Component.EGRESS_PROXY, Component.SUPERVISE, Component.AGENT);
        });
        assertThat(new KubernetesBottleDiscovery(connection).bottlesRunning(Component.EGRESS_PROXY)).containsExactly(DEMO);
    }

    @Test
    void podsGetNoAutomaticTokenOnlyTheProxyMountsTheSecretsAndTheAgentNoToken() throws Exception {
        upWithStandIn(launcher(Duration.ofSeconds(30)), request(DEMO, Optional.of("agent-image:1")));
        List<Pod> pods = admin.pods().inNamespace(namespace(DEMO)).list().getItems();
        assertThat(pods).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("egress-proxy", "supervise", "agent");
        for (Pod pod : pods) {
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).as(pod.getMetadata().getName()).isFalse();
            boolean mountsSecrets = pod.getSpec().getVolumes().stream().anyMatch(v -> refersTo(v, BottleNames.SECRETS));
            assertThat(mountsSecrets).as(pod.getMetadata().getName() + " mounts " + BottleNames.SECRETS)
                    .isEqualTo(pod.getMetadata().getName().equals("egress-proxy"));
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(pod.getMetadata().getName());
        }
        Pod agent = pods.stream().filter(p -> p.getMetadata().getName().equals("agent")).findFirst().orElseThrow();
        assertThat(agent.getSpec().getVolumes()).noneMatch(v -> v.getProjected() != null && v.getProjected().getSources()
                .stream().anyMatch(s -> s.getServiceAccountToken() != null));
        assertThat(agent.getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null);
        assertThat(agent.getSpec().getContainers().getFirst().getVolumeMounts())
                .noneMatch(m -> m.getMountPath().startsWith("/var/run/secrets"));
        assertThat(agent.getSpec().getContainers().getFirst().getSecurityContext().getRunAsNonRoot()).isTrue();
        for (String sidecar : List.of("egress-proxy", "supervise")) {
            Pod pod = pods.stream().filter(p -> p.getMetadata().getName().equals(sidecar)).findFirst().orElseThrow();
            assertThat(pod.getSpec().getContainers().getFirst().getVolumeMounts())
                    .anyMatch(m -> m.getMountPath().equals(BottlePods.SA_DIR));
        }
    }

    @Test
    void theNetworkPoliciesAreAcceptedAndSelectTheRightPods() throws Exception {
        upWithStandIn(launcher(Duration.ofSeconds(30)), request(DEMO, Optional.of("agent-image:1")));
        String ns = namespace(DEMO);
        Map<String, Map<String, String>> podLabels = new java.util.TreeMap<>();
        admin.pods().inNamespace(ns).list().getItems()
                .forEach(p -> podLabels.put(p.getMetadata().getName(), p.getMetadata().getLabels()));
        NetworkPolicy agentEgress = admin.network().v1().networkPolicies().inNamespace(ns)
                .withName(BottleNames.AGENT_EGRESS_POLICY).get();
        NetworkPolicy sidecars = admin.network().v1().networkPolicies().inNamespace(ns)
                .withName(BottleNames.SIDECARS_INGRESS_POLICY).get();
        assertThat(selected(agentEgress.getSpec().getPodSelector(), podLabels)).containsExactly("agent");
        assertThat(agentEgress.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(agentEgress.getSpec().getIngress()).isEmpty();
        assertThat(agentEgress.getSpec().getEgress()).hasSize(3);
        assertThat(selected(agentEgress.getSpec().getEgress().get(0).getTo().getFirst().getPodSelector(), podLabels))
                .containsExactly("egress-proxy");
        assertThat(selected(agentEgress.getSpec().getEgress().get(1).getTo().getFirst().getPodSelector(), podLabels))
                .containsExactly("supervise");
        assertThat(selected(sidecars.getSpec().getPodSelector(), podLabels)).containsExactly("egress-proxy", "supervise");
        assertThat(selected(sidecars.getSpec().getIngress().getFirst().getFrom().getFirst().getPodSelector(), podLabels))
                .containsExactly("agent");

        // Validated by the API server: a policy with a bad protocol is refused, so acceptance above means something.
        NetworkPolicy broken = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(agentEgress)
                .editMetadata().withName("broken").withResourceVersion(null).withUid(null).endMetadata().build();
        broken.getSpec().getEgress().getFirst().getPorts().getFirst().setProtocol("ICMP");
        assertThatThrownBy(() -> admin.network().v1().networkPolicies().inNamespace(ns).resource(broken).create())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("protocol");
    }

    @Test
    void eachSidecarAccountMayDoExactlyWhatItNeeds() throws Exception {
        upWithStandIn(launcher(Duration.ofSeconds(30)), request(DEMO, Optional.of("agent-image:1")));
        String ns = namespace(DEMO);
        try (KubernetesClient proxy = as(ns, "egress-proxy"); KubernetesClient supervise = as(ns, "supervise");
                KubernetesClient agent = as(ns, "agent")) {
            assertForbidden(() -> proxy.secrets().inNamespace(ns).withName(BottleNames.SECRETS).get());
            assertForbidden(() -> proxy.configMaps().inNamespace(ns).withName(BottleNames.POLICY).get());
            assertForbidden(() -> proxy.configMaps().inNamespace(ns).withName(BottleNames.AGENT_CONFIG).get());
            ConfigMap status = proxy.configMaps().inNamespace(ns).withName(BottleNames.STATUS).get();
            status.getData().put("probe", "written by the proxy's account");
            proxy.configMaps().inNamespace(ns).resource(status).update();
            ConfigMap routes = proxy.configMaps().inNamespace(ns).withName(BottleNames.ROUTES).get();
            routes.getData().put(BottleNames.ROUTES_KEY, "version: 1\nroutes: []\n");
            assertForbidden(() -> proxy.configMaps().inNamespace(ns).resource(routes).update());
            // the watch the proxy uses: a field selector on its own ConfigMap's name
            assertThat(proxy.configMaps().inNamespace(ns).withField("metadata.name", BottleNames.ROUTES).list().getItems())
                    .hasSize(1);

            ConfigMap seen = supervise.configMaps().inNamespace(ns).withName(BottleNames.ROUTES).get();
            assertThat(seen.getData().get(BottleNames.ROUTES_KEY)).isEqualTo(ROUTES);
            seen.getData().put(BottleNames.ROUTES_KEY, "version: 1\nroutes: []\n");
            assertForbidden(() -> supervise.configMaps().inNamespace(ns).resource(seen).update());
            assertForbidden(() -> supervise.configMaps().inNamespace(ns).withName(BottleNames.STATUS).get());
            assertForbidden(() -> supervise.secrets().inNamespace(ns).withName(BottleNames.SECRETS).get());

            assertForbidden(() -> agent.configMaps().inNamespace(ns).withName(BottleNames.ROUTES).get());
            assertForbidden(() -> agent.configMaps().inNamespace(ns).list());
            assertForbidden(() -> agent.secrets().inNamespace(ns).withName(BottleNames.SUPERVISE_TOKEN).get());
            assertForbidden(() -> agent.pods().inNamespace(ns).list());
        }
        assertThat(admin.configMaps().inNamespace(ns).withName(BottleNames.ROUTES).get().getData()
                .get(BottleNames.ROUTES_KEY)).isEqualTo(ROUTES);
    }

    @Test
    void upWithoutAKubeletTimesOutNamingThePodsAndRemovesWhatItCreated() throws Exception {
        KubernetesBottleLauncher launcher = launcher(Duration.ofSeconds(2));
        assertThatThrownBy(() -> launcher.up(request(DEMO, Optional.of("agent-image:1"))))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("did not become ready within 2 s")
                .hasMessageContaining("the egress-proxy pod is not running (phase Pending, not scheduled to a node")
                .hasMessageContaining("egress-proxy-status: nothing written yet")
                .hasMessageContaining("the supervise pod is not running (phase Pending")
                .hasMessageContaining("was removed again");
        String ns = namespace(DEMO);
        // Nothing of the bottle's runtime is left (the port's promise); the namespace, which holds its state, stays.
        assertThat(serverObjects(ns)).extracting(o -> o.getKind()).containsExactly("Namespace");
        assertThat(admin.namespaces().withName(ns).get()).isNotNull();
        assertThat(launcher.list()).extracting(RunningBottle::name).doesNotContain(DEMO);

        // The next up starts over in the same namespace.
        RunningBottle running = upWithStandIn(launcher(Duration.ofSeconds(30)), request(DEMO, Optional.of("agent-image:1")));
        assertThat(running.name()).isEqualTo(DEMO);
        assertThat(serverObjects(ns)).hasSize(23);
        assertThat(launcher.down(DEMO)).isTrue();
        assertThat(serverObjects(ns)).isEmpty();
        Namespace left = admin.namespaces().withName(ns).get();
        assertThat(left == null || left.getMetadata().getDeletionTimestamp() != null).isTrue();
        assertThat(launcher.list()).allSatisfy(b -> assertThat(b.components().values()).allMatch("terminating"::equals));
        assertThatThrownBy(() -> launcher.up(request(DEMO, Optional.empty()))).isInstanceOf(GatewayException.class)
                .hasMessageContaining("terminating");
    }

    @Test
    void twoUpsOfOneBottleAtOnceStartItOnceAndTheLoserTouchesNothing() throws Exception {
        KubernetesBottleLauncher launcher = launcher(Duration.ofSeconds(30));
        standIns.add(FakeKubeletReadiness.start(admin, namespace(DEMO)));
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<RunningBottle>> ups = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ups.add(pool.submit(() -> {
                    start.await();
                    return launcher.up(request(DEMO, Optional.of("agent-image:1")));
                }));
            }
            List<RunningBottle> started = new ArrayList<>();
            List<Throwable> refused = new ArrayList<>();
            for (var up : ups) {
                try {
                    started.add(up.get(60, java.util.concurrent.TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    refused.add(e.getCause());
                }
            }
            assertThat(started).hasSize(1);
            assertThat(refused).singleElement().isInstanceOf(GatewayException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("already exists"));
            String token = new String(java.util.Base64.getDecoder().decode(admin.secrets().inNamespace(namespace(DEMO))
                    .withName(BottleNames.SUPERVISE_TOKEN).get().getData().get(BottleNames.TOKEN_KEY)));
            assertThat(Files.readString(Path.of(started.getFirst().mcpTokenFile())).strip()).isEqualTo(token);
            assertThat(serverObjects(namespace(DEMO))).hasSize(23);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedPodEndsTheWaitAtOnceNamingIt() throws Exception {
        KubernetesBottleLauncher launcher = launcher(Duration.ofSeconds(60));
        Thread failer = new Thread(() -> {
            try {
                Pod pod;
                while ((pod = admin.pods().inNamespace(namespace(DEMO)).withName("egress-proxy").get()) == null) {
                    Thread.sleep(50);
                }
                pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed")
                        .withMessage("the node ran out of luck").build());
                admin.pods().inNamespace(namespace(DEMO)).resource(pod).updateStatus();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        failer.setDaemon(true);
        failer.start();
        standIns.add(failer);
        long started = System.nanoTime();
        assertThatThrownBy(() -> launcher.up(request(DEMO, Optional.empty()))).isInstanceOf(GatewayException.class)
                .hasMessageContaining("the egress-proxy pod is not running (phase Failed")
                .hasMessageContaining("the node ran out of luck");
        assertThat(serverObjects(namespace(DEMO))).extracting(o -> o.getKind()).containsExactly("Namespace");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void downRemovesEveryObjectOfARunningBottle() throws Exception {
        KubernetesBottleLauncher launcher = launcher(Duration.ofSeconds(30));
        RunningBottle running = upWithStandIn(launcher, request(DEMO, Optional.of("agent-image:1")));
        assertThat(serverObjects(namespace(DEMO))).hasSize(23);

        assertThat(launcher.down(DEMO)).isTrue();

        assertThat(serverObjects(namespace(DEMO))).isEmpty();
        assertThat(admin.namespaces().withName(namespace(DEMO)).get().getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(Path.of(running.mcpTokenFile())).doesNotExist();
        assertThat(new KubernetesBottleDiscovery(connection).bottlesRunning(Component.EGRESS_PROXY)).isEmpty();
    }

    @Test
    void refusesAnUnlabelledNamespaceASecondUpAndANameTooLongForANamespace() throws Exception {
        KubernetesBottleLauncher launcher = launcher(Duration.ofSeconds(30));
        BottleId foreign = BottleId.of("foreign");
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(foreign))
                .addToLabels(StateLayout.INSTANCE_LABEL, instance).endMetadata().build()).create();
        assertThatThrownBy(() -> launcher.up(request(foreign, Optional.empty()))).isInstanceOf(GatewayException.class)
                .hasMessageContaining("not labelled as bottle foreign");
        assertThat(serverObjects(namespace(foreign))).extracting(HasMetadata::getKind).containsExactly("Namespace");
        assertThatThrownBy(() -> launcher.down(foreign)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("refusing to delete");
        assertThat(admin.namespaces().withName(namespace(foreign)).get().getMetadata().getDeletionTimestamp()).isNull();

        upWithStandIn(launcher, request(DEMO, Optional.empty()));
        String tokenBefore = admin.secrets().inNamespace(namespace(DEMO)).withName(BottleNames.SUPERVISE_TOKEN).get()
                .getData().get(BottleNames.TOKEN_KEY);
        assertThatThrownBy(() -> launcher.up(request(DEMO, Optional.empty()))).isInstanceOf(GatewayException.class)
                .hasMessageContaining("already exists");
        assertThat(admin.secrets().inNamespace(namespace(DEMO)).withName(BottleNames.SUPERVISE_TOKEN).get()
                .getData().get(BottleNames.TOKEN_KEY)).isEqualTo(tokenBefore);

        BottleId tooLong = BottleId.of("b".repeat(63 - instance.length()));
        assertThatThrownBy(() -> launcher.up(request(tooLong, Optional.empty()))).isInstanceOf(GatewayException.class)
                .hasMessageContaining("Kubernetes allows 63");
        assertThatThrownBy(() -> launcher.plan(request(tooLong, Optional.empty()))).isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> BottleId.of("Not_A-Name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClusterThatDoesNotAnswerIsNotAvailableAndUpSaysSo() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path kubeconfig = home.resolve("dead-kubeconfig");
        Files.writeString(kubeconfig, KUBE.server.kubeconfig("x").replace(KUBE.server.url().toString(),
                "https://127.0.0.1:" + closed));
        try (KubeConnection dead = KubeConnection.of(Optional.of(kubeconfig), Optional.empty(), instance)) {
            KubernetesBottleLauncher launcher = new KubernetesBottleLauncher(dead, () -> IMAGES, home, Duration.ofSeconds(5),
                    Duration.ofSeconds(1));
            long started = System.nanoTime();
            assertThat(launcher.available()).isFalse();
            assertThatThrownBy(() -> launcher.up(request(DEMO, Optional.empty()))).isInstanceOf(GatewayException.class)
                    .hasMessageContaining("could not start Kubernetes bottle demo").hasMessageContaining("does not answer")
                    .hasMessageContaining(kubeconfig.toString());
            assertThatThrownBy(() -> new KubernetesBottleDiscovery(dead).bottlesRunning(Component.EGRESS_PROXY))
                    .isInstanceOf(GatewayException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("KubernetesGatewayIT: a dead cluster answered available/up/discovery in " + took.toMillis() + " ms");
            assertThat(took).as("no minute of client retries").isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void downLeavesTheStateNamespaceOfABottleThatRunsElsewhere() {
        BottleId elsewhere = BottleId.of("elsewhere");
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(elsewhere))
                .withLabels(new StateLayout(instance).namespaceLabels(elsewhere)).endMetadata().build()).create();
        assertThat(launcher(Duration.ofSeconds(1)).down(elsewhere)).isFalse();
        assertThat(admin.namespaces().withName(namespace(elsewhere)).get().getMetadata().getDeletionTimestamp()).isNull();
        assertThat(launcher(Duration.ofSeconds(1)).list()).isEmpty();
    }

    private KubernetesClient as(String namespace, String account) {
        String token = admin.serviceAccounts().inNamespace(namespace).withName(account)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        return KUBE.server.clientWithToken(token);
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(403));
    }

    private static boolean refersTo(Volume volume, String secret) {
        if (volume.getSecret() != null && secret.equals(volume.getSecret().getSecretName())) {
            return true;
        }
        return volume.getProjected() != null && volume.getProjected().getSources().stream()
                .anyMatch(s -> s.getSecret() != null && secret.equals(s.getSecret().getName()));
    }

    /** The pods (by name) that {@code selector} selects among {@code pods}. */
    private static List<String> selected(LabelSelector selector, Map<String, Map<String, String>> pods) {
        List<String> names = new ArrayList<>();
        pods.forEach((name, labels) -> {
            boolean matches = selector.getMatchLabels() == null || selector.getMatchLabels().entrySet().stream()
                    .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
            if (selector.getMatchExpressions() != null) {
                for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                    assertThat(requirement.getOperator()).isEqualTo("In");
                    matches &= requirement.getValues().contains(labels.get(requirement.getKey()));
                }
            }
            if (matches) {
                names.add(name);
            }
        });
        return names;
    }

    /** Every object of the bottle in {@code namespace} (by the gateway's labels), and the namespace itself. */
    private List<HasMetadata> serverObjects(String namespace) {
        Map<String, String> labels = Map.of(StateLayout.MANAGED_BY_LABEL, StateLayout.MANAGED_BY,
                StateLayout.INSTANCE_LABEL, instance);
        List<HasMetadata> objects = new ArrayList<>();
        Namespace ns = admin.namespaces().withName(namespace).get();
        if (ns != null && ns.getMetadata().getDeletionTimestamp() == null) {
            objects.add(ns);
        }
        Stream.of(admin.serviceAccounts().inNamespace(namespace).withLabels(labels).list().getItems(),
                admin.rbac().roles().inNamespace(namespace).withLabels(labels).list().getItems(),
                admin.rbac().roleBindings().inNamespace(namespace).withLabels(labels).list().getItems(),
                admin.configMaps().inNamespace(namespace).withLabels(labels).list().getItems(),
                admin.secrets().inNamespace(namespace).withLabels(labels).list().getItems(),
                admin.services().inNamespace(namespace).withLabels(labels).list().getItems(),
                admin.network().v1().networkPolicies().inNamespace(namespace).withLabels(labels).list().getItems(),
                admin.pods().inNamespace(namespace).withLabels(labels).list().getItems())
                .forEach(objects::addAll);
        return objects;
    }

    private static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    private static String withoutComments(String yaml) {
        return yaml.lines().filter(l -> !l.startsWith("#")).map(l -> l + "\n").reduce("", String::concat);
    }

    /**
     * The server's objects with only the fields the dry run has (what the server adds — uid, resourceVersion,
     * defaults, status — is dropped; a field the dry run has and the server lost stays missing and fails the
     * comparison), the agent's CA as the dry run shows it.
     */
    private static String prunedLike(String serverYaml, String dryRunYaml) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        List<JsonNode> server = documents(yaml, serverYaml);
        List<JsonNode> dry = documents(yaml, withoutComments(dryRunYaml));
        assertThat(server).hasSameSizeAs(dry);
        List<HasMetadata> pruned = new ArrayList<>();
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (int i = 0; i < server.size(); i++) {
            JsonNode document = prune(server.get(i), dry.get(i));
            if ("agent-config".equals(document.path("metadata").path("name").asText())) {
                ((ObjectNode) document.get("data")).put(BottleNames.CA_KEY, BottleManifests.CA_PLACEHOLDER);
            }
            pruned.add(serialization.unmarshal(yaml.writeValueAsString(document), HasMetadata.class));
        }
        return BottleManifests.yaml(pruned);
    }

    private static List<JsonNode> documents(ObjectMapper yaml, String text) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = yaml.getFactory().createParser(text)) {
            Iterator<JsonNode> values = yaml.readValues(parser, JsonNode.class);
            values.forEachRemaining(documents::add);
        }
        return documents;
    }

    private static JsonNode prune(JsonNode server, JsonNode like) {
        if (server instanceof ObjectNode object && like instanceof ObjectNode shape) {
            ObjectNode kept = object.objectNode();
            shape.fieldNames().forEachRemaining(field -> {
                if (object.has(field)) {
                    kept.set(field, prune(object.get(field), shape.get(field)));
                }
            });
            return kept;
        }
        if (server instanceof ArrayNode array && like instanceof ArrayNode shape && array.size() == shape.size()) {
            ArrayNode kept = array.arrayNode();
            for (int i = 0; i < array.size(); i++) {
                kept.add(prune(array.get(i), shape.get(i)));
            }
            return kept;
        }
        return server;
    }

}
