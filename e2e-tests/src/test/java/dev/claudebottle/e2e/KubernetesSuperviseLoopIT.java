package dev.claudebottle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.docker.ProjectImages;
import dev.claudebottle.e2e.kubernetes.KubeletStandIn;
import dev.claudebottle.egress.CertificateAuthority;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervise loop end to end on the Kubernetes gateway: a real kube-apiserver (reachable from containers),
 * {@code bottle up --gateway kubernetes} by operator alice with her own kubeconfig, the {@link KubeletStandIn} running
 * the bottle's pods as Docker containers from the project's images (egress-proxy and supervise in their Kubernetes
 * modes, with TokenRequest tokens, so every API call they make passes real authentication and RBAC), the agent (node
 * + the official TypeScript MCP SDK) inside its pod's container, and two TLS upstreams joined to the bottle's network
 * under their host names. Operator bob, on his own kubeconfig, sees and works the same queue. After each test
 * {@code bottle down} removes the bottle: the namespace is gone and no container or network is left.
 */
class KubernetesSuperviseLoopIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOWNLOAD_BYTES = 8 * 1024 * 1024;
    private static final String ALLOWED = "allowed.e2e.test";
    private static final String BLOCKED = "blocked.e2e.test";
    private static final int PORT = 8443;
    /** The stand-in's sync period: how soon the agent's mounted copy of the routes follows (a kubelet: ~60-90 s). */
    private static final Duration SYNC = Duration.ofSeconds(3);
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String LABEL = Docker.TEST_LABEL + "-" + SUFFIX;
    private static final String AGENT_IMAGE = "claude-bottle-e2e-agent:" + SUFFIX;
    private static final String UPSTREAM_IMAGE = "claude-bottle-e2e-upstream:" + SUFFIX;
    private static final String LAUNCHER_ROLE = "claude-bottle-e2e-launcher";
    private static final String ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount/";

    @TempDir
    static Path shared;

    private static KubeApiServer server;
    private static ProjectImages.Tags images;
    private static CertificateAuthority ca;
    private static Path upstreamCa;
    private static Path aliceConfig;
    private static Path bobConfig;

    @TempDir
    Path work;

    private final String instance = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String name = "loop";
    private final String namespace = instance + "-" + name;
    private final List<String> upstreamContainers = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private KubeletStandIn standIn;
    private KubernetesClient admin;
    private BottleCli alice;
    private BottleCli bob;
    private String agentContainer;
    private boolean bottleUp;

    @BeforeAll
    static void clusterAndImages() throws Exception {
        server = KubeApiServer.startForContainers();
        try (KubernetesClient admin = server.client(KubeApiServer.ADMIN)) {
            // What `bottle up` needs beyond claude-bottle-operator (docs/kubernetes.md): alice may launch, bob may not.
            admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(LAUNCHER_ROLE)
                    .endMetadata().withRules(
                            new PolicyRuleBuilder().withApiGroups("").withResources("namespaces").withVerbs("delete").build(),
                            new PolicyRuleBuilder().withApiGroups("").withResources("serviceaccounts", "configmaps", "secrets",
                                    "services", "pods").withVerbs("*").build(),
                            new PolicyRuleBuilder().withApiGroups("rbac.authorization.k8s.io").withResources("roles",
                                    "rolebindings").withVerbs("*").build(),
                            new PolicyRuleBuilder().withApiGroups("networking.k8s.io").withResources("networkpolicies")
                                    .withVerbs("*").build()).build()).create();
            admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                    .withName(LAUNCHER_ROLE).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", LAUNCHER_ROLE)
                    .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(KubeApiServer.ALICE)
                    .endSubject().build()).create();
        }
        aliceConfig = server.kubeconfigFile("alice", KubeApiServer.token(KubeApiServer.ALICE));
        bobConfig = server.kubeconfigFile("bob", KubeApiServer.token(KubeApiServer.BOB));
        images = ProjectImages.build(BottleCli.ROOT);
        ca = CertificateAuthority.generate("claude-bottle e2e upstream CA");
        upstreamCa = Files.writeString(shared.resolve("upstream-ca.pem"), ca.certificatePem());
        E2eImages.buildAgentImage(shared, AGENT_IMAGE, LABEL);
        E2eImages.buildUpstreamImage(shared, images.runtime(), UPSTREAM_IMAGE, LABEL, ca, List.of(ALLOWED, BLOCKED));
    }

    @AfterAll
    static void removeImagesAndServer() {
        Docker.run("docker", "rmi", "-f", AGENT_IMAGE, UPSTREAM_IMAGE);
        assertThat(Docker.run("docker", "images", "-q", "--filter", "label=" + LABEL).out()).isBlank();
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void bottleOnKubernetes() throws Exception {
        admin = server.client(KubeApiServer.ADMIN);
        standIn = KubeletStandIn.start(server, instance, SYNC);
        for (String host : List.of(ALLOWED, BLOCKED)) {
            String container = "claude-bottle-e2e-" + SUFFIX + "-" + instance + "-" + host.split("\\.")[0];
            upstreamContainers.add(container);
            Docker.ok("docker", "run", "-d", "--name", container, "--label", LABEL, "--cap-drop", "ALL",
                    UPSTREAM_IMAGE, "/opt/upstream/" + host + ".p12", host, Integer.toString(PORT));
            standIn.joinUpstream(container, List.of(host));
        }
        alice = new BottleCli(Files.createDirectories(work.resolve("alice")), Map.of("KUBECONFIG", aliceConfig.toString(),
                "CLAUDE_BOTTLE_KUBE_INSTANCE", instance, "BOTTLE_OPERATOR", "alice"));
        bob = new BottleCli(Files.createDirectories(work.resolve("bob")), Map.of("KUBECONFIG", bobConfig.toString(),
                "CLAUDE_BOTTLE_KUBE_INSTANCE", instance, "BOTTLE_OPERATOR", "bob"));
        Path routes = Files.writeString(work.resolve("routes.yaml"), """
                # demo bottle: the one upstream the task needs
                routes:
                  - host: %s
                    port: %d
                    allow_private: true
                """.formatted(ALLOWED, PORT));
        BottleCli.Result up = alice.run("up", name, "--gateway", "kubernetes", "--image", AGENT_IMAGE,
                "--routes", routes.toString(), "--upstream-ca", upstreamCa.toString(),
                "--proxy-image", images.egressProxy(), "--supervise-image", images.supervise(),
                "--kubeconfig", aliceConfig.toString());
        bottleUp = true;
        assertThat(up.exitCode()).as("%s\nstand-in problems: %s", up.all(), standIn.problems()).isZero();
        agentContainer = standIn.awaitContainer(namespace, "agent", Duration.ofSeconds(60));
        awaitAgentReady();
    }

    @AfterEach
    void downAndNothingLeft() throws Exception {
        agents.forEach(Agent::close);
        try {
            if (bottleUp) {
                BottleCli.Result down = alice.run("down", name);
                assertThat(down.exitCode()).as(down.all()).isZero();
                awaitCondition(() -> admin.namespaces().withName(namespace).get() == null, Duration.ofSeconds(60),
                        "namespace " + namespace + " gone");
            }
        } finally {
            standIn.close();
            for (String container : upstreamContainers) {
                Docker.run("docker", "rm", "-f", container);
            }
            admin.close();
        }
        assertThat(Docker.run("docker", "ps", "-aq", "--filter", "label=claude-bottle.test.kubelet=" + instance).out()).isBlank();
        assertThat(Docker.run("docker", "network", "ls", "-q", "--filter", "label=claude-bottle.test.kubelet=" + instance).out()).isBlank();
        assertThat(Docker.run("docker", "ps", "-aq", "--filter", "name=" + instance).out()).isBlank();
    }

    /**
     * 403 with the hint, the proposal, bob sees alice's queue on his own kubeconfig, alice approves, the proxy
     * acknowledges through its status ConfigMap, the agent gets {@code applied} with the live routes and their SHA-256,
     * its retry passes, and a download running through the proxy across the reload completes byte-exact. Then two
     * more rounds (rolled back in between, the agent's mounted copy followed each time; bob approves the first of them,
     * alice the second) for the latency figure.
     */
    @Test
    void anApprovedProposalIsAppliedThroughTheApiServerAndBobSeesAlicesQueue() throws Exception {
        String before = liveSha256();
        assertThat(configMapSha256()).isEqualTo(before);
        Agent agent = agent(true, null);
        agent.awaitLine("submitting", 90);
        String id = awaitPendingProposal();
        JsonNode bobsQueue = JSON.readTree(bob.ok("proposals", "--bottle", name, "--json").out());
        assertThat(bobsQueue).extracting(p -> p.get("id").asText()).containsExactly(id);

        BottleCli.Result approve = alice.run("approve", id, "--reason", "the task needs the second upstream");
        releaseDownloads();
        JsonNode report = agent.finish(120);

        assertThat(approve.exitCode()).as(approve.all()).isZero();
        assertThat(report.get("denied").get("status").asInt()).isEqualTo(403);
        assertThat(report.get("denied").get("block").asText()).isEqualTo("host-not-allowed");
        assertThat(report.get("denied").get("body").get("hint").asText()).contains("egress-proxy-block");
        assertThat(report.get("baseSha256").asText()).isEqualTo(before);
        JsonNode result = report.get("result").get("structuredContent");
        String proposedSha = TlsUpstream.sha256(report.get("proposed").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(result.get("status").asText()).isEqualTo("applied");
        assertThat(result.get("new_sha256").asText()).isEqualTo(proposedSha);
        assertThat(result.get("live_sha256").asText()).isEqualTo(proposedSha);
        assertThat(report.get("liveAfterSha256").asText()).as("the live routes in the result").isEqualTo(proposedSha);
        assertThat(liveSha256()).isEqualTo(proposedSha);
        assertThat(configMapSha256()).isEqualTo(proposedSha);
        assertThat(proxyRunsSha256()).isEqualTo(proposedSha);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
        assertThat(report.get("retry").get("text").asText()).isEqualTo("hello from " + BLOCKED + "\n");
        JsonNode download = report.get("download");
        assertThat(download.get("status").asInt()).isEqualTo(200);
        assertThat(download.get("length").asInt()).isEqualTo(DOWNLOAD_BYTES);
        assertThat(download.get("sha256").asText()).isEqualTo(TlsUpstream.sha256(DownloadBytes.of(DOWNLOAD_BYTES)));

        List<JsonNode> entries = auditOf(alice, id);
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
        // In flight across the reload: started before the submission (above) and still running when the proxy had
        // loaded the approved routes (the `applied` entry is written once the proxy confirmed them).
        assertThat(download.get("endedAt").asLong()).as("the download ended after the reload")
                .isGreaterThanOrEqualTo(Instant.parse(entries.get(2).get("time").asText()).toEpochMilli());
        assertThat(entries.get(2).get("diff").asText()).contains("+  - host: " + BLOCKED);
        assertThat(auditOf(bob, id)).hasSize(3);
        assertThat(alice.run("audit", "verify").exitCode()).isZero();
        assertThat(bob.run("audit", "verify").exitCode()).isZero();
        Latency.record("kubernetes", "approve", Instant.parse(entries.get(1).get("time").asText()),
                Instant.parse(entries.get(2).get("time").asText()), report.get("returnedAt").asLong(), approve.millis());
        awaitAgentCopy(proposedSha);

        for (int round = 2; round <= 3; round++) {
            alice.ok("routes", "rollback", name, "--reason", "next round");
            awaitAgentCopy(liveSha256());
            Agent next = agent(false, "round " + round);
            next.awaitLine("submitting", 90);
            String nextId = awaitPendingProposal();
            BottleCli operator = round == 2 ? bob : alice; // bob decides on his own kubeconfig too
            BottleCli.Result approved = operator.ok("approve", nextId);
            JsonNode nextReport = next.finish(60);
            assertThat(nextReport.get("result").get("structuredContent").get("status").asText()).isEqualTo("applied");
            assertThat(nextReport.get("retry").get("status").asInt()).isEqualTo(200);
            List<JsonNode> nextEntries = auditOf(alice, nextId);
            assertThat(nextEntries.get(1).get("operator").asText()).isEqualTo(round == 2 ? "bob" : "alice");
            Latency.record("kubernetes", "approve", Instant.parse(nextEntries.get(1).get("time").asText()),
                    Instant.parse(nextEntries.get(2).get("time").asText()), nextReport.get("returnedAt").asLong(),
                    approved.millis());
        }
        assertThat(standIn.problems()).isEmpty();
    }

    /**
     * The pods as the stand-in ran them: the agent's container has no ServiceAccount token at all; the sidecars' tokens
     * (minted by the API server for their pods) are real, and RBAC holds them to their own objects.
     */
    @Test
    void theAgentHasNoTokenAndTheSidecarsTokensAreConfinedByRbac() throws Exception {
        assertThat(Docker.run("docker", "exec", agentContainer, "cat", ACCOUNT + "token").exitCode()).isNotZero();
        assertThat(Docker.ok("docker", "exec", agentContainer, "sh", "-c", "cat /proc/self/environ | tr '\\0' '\\n'").out())
                .contains("KUBERNETES_SERVICE_HOST=kubernetes.default.svc").doesNotContain("token-of-");
        String proxyToken = fileOf("egress-proxy", ACCOUNT + "token");
        String superviseToken = fileOf("supervise", ACCOUNT + "token");
        assertThat(fileOf("egress-proxy", ACCOUNT + "namespace")).isEqualTo(namespace);
        try (KubernetesClient proxy = server.clientWithToken(proxyToken);
                KubernetesClient supervise = server.clientWithToken(superviseToken)) {
            assertThat(proxy.configMaps().inNamespace(namespace).withName("egress-proxy-routes").get()).isNotNull();
            assertForbidden(() -> proxy.secrets().inNamespace(namespace).list());
            assertForbidden(() -> proxy.configMaps().inNamespace(namespace).withName("egress-proxy-routes")
                    .edit(m -> { m.getData().put("routes.yaml", "routes: []\n"); return m; }));
            assertForbidden(() -> proxy.configMaps().inNamespace("default").list());
            assertThat(supervise.configMaps().inNamespace(namespace).withName("egress-proxy-routes").get()).isNotNull();
            assertForbidden(() -> supervise.configMaps().inNamespace(namespace).withName("egress-proxy-status")
                    .edit(m -> { m.getData().put("status.json", "{}"); return m; }));
            assertForbidden(() -> supervise.secrets().inNamespace(namespace).withName("egress-proxy-secrets").get());
        }
        assertThat(configMapSha256()).isEqualTo(liveSha256());
        assertThat(standIn.problems()).isEmpty();
    }

    /** A file as the container of pod {@code pod} sees it (the images have no shell: docker cp, following the volume's links). */
    private String fileOf(String pod, String path) throws Exception {
        String container = standIn.awaitContainer(namespace, pod, Duration.ofSeconds(5));
        Path copy = Files.createTempDirectory(work, pod);
        Docker.ok("docker", "cp", "-L", container + ":" + path, copy.toString());
        return Files.readString(copy.resolve(Path.of(path).getFileName().toString()));
    }

    private static void assertForbidden(Runnable call) {
        try {
            call.run();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
            return;
        }
        throw new AssertionError("the call was allowed");
    }

    /** Step 4 through alice's dashboard in tmux: it shows the proposal as the agent submits it, and {@code a} approves it. */
    @Test
    void theOperatorApprovesInTheDashboardWhileTheAgentInItsPodWaits() throws Exception {
        try (TmuxDashboard dashboard = new TmuxDashboard(alice.home(), Map.of("KUBECONFIG", aliceConfig.toString(),
                "CLAUDE_BOTTLE_KUBE_INSTANCE", instance))) {
            dashboard.awaitScreen(screen -> screen.contains("j/k move"), 60);
            Agent agent = agent(true, null);
            agent.awaitLine("submitting", 90);

            long shown = dashboard.awaitScreen(screen -> screen.contains("https://" + BLOCKED + ":" + PORT + "/hello"), 30);
            dashboard.press("a");
            dashboard.awaitScreen(screen -> screen.contains("Applied p-"), 60);
            releaseDownloads();
            JsonNode report = agent.finish(120);

            JsonNode result = report.get("result").get("structuredContent");
            String proposedSha = TlsUpstream.sha256(report.get("proposed").asText().getBytes(StandardCharsets.UTF_8));
            assertThat(result.get("status").asText()).isEqualTo("applied");
            assertThat(result.get("new_sha256").asText()).isEqualTo(proposedSha);
            assertThat(report.get("liveAfterSha256").asText()).isEqualTo(proposedSha);
            assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
            assertThat(report.get("download").get("sha256").asText()).isEqualTo(TlsUpstream.sha256(DownloadBytes.of(DOWNLOAD_BYTES)));
            List<JsonNode> entries = auditOf(alice, result.get("proposal_id").asText());
            assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
            assertThat(alice.run("audit", "verify").exitCode()).isZero();
            Latency.record("kubernetes", "dashboard", Instant.parse(entries.get(1).get("time").asText()),
                    Instant.parse(entries.get(2).get("time").asText()), report.get("returnedAt").asLong(), 0);
            Latency.recordShown("kubernetes", Instant.parse(entries.get(0).get("time").asText()), shown);
        }
    }

    /**
     * The other outcomes, in one bottle: a rejection tells the agent why; a proposal whose base the operator replaced
     * meanwhile ends in conflict with nothing applied; a proxy that never acknowledges (its container paused) ends in
     * {@code failed} with the old routes restored in the ConfigMap; {@code bottle routes edit} reaches the proxy, and the
     * agent's mounted copy follows. The audit chain verifies throughout.
     */
    @Test
    void rejectionConflictAnUnacknowledgedApprovalAndRoutesEdit() throws Exception {
        String before = liveSha256();

        Agent rejected = agent(false, null);
        rejected.awaitLine("submitting", 90);
        String rejectedId = awaitPendingProposal();
        BottleCli.Result reject = bob.run("reject", rejectedId, "--reason", "not for this task");
        JsonNode rejectedReport = rejected.finish(60);
        assertThat(reject.exitCode()).as(reject.all()).isZero();
        assertThat(rejectedReport.get("result").get("structuredContent").get("status").asText()).isEqualTo("rejected");
        assertThat(rejectedReport.get("result").get("structuredContent").get("reason").asText()).isEqualTo("not for this task");
        assertThat(rejectedReport.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(liveSha256()).isEqualTo(before);
        assertThat(auditOf(alice, rejectedId)).extracting(e -> e.get("action").asText()).containsExactly("submitted", "rejected");

        // Each proposal differs (a comment): the proposal id derives from the content, and the rejected one stays decided.
        Agent stale = agent(false, "stale base");
        stale.awaitLine("submitting", 90);
        String staleId = awaitPendingProposal();
        String operatorChange = configMapRoutes() + "# reviewed by the operator\n";
        Path operatorFile = Files.writeString(work.resolve("operator.yaml"), operatorChange);
        alice.ok("routes", "apply", name, operatorFile.toString(), "--reason", "annotate the routes");
        String operatorSha = TlsUpstream.sha256(operatorChange.getBytes(StandardCharsets.UTF_8));
        BottleCli.Result conflicted = alice.run("approve", staleId);
        JsonNode staleReport = stale.finish(60);
        assertThat(conflicted.exitCode()).as(conflicted.all()).isEqualTo(1);
        assertThat(conflicted.out()).contains("conflict: the routes changed since the agent read them").contains("nothing applied");
        assertThat(staleReport.get("result").get("structuredContent").get("status").asText()).isEqualTo("conflict");
        assertThat(liveSha256()).isEqualTo(operatorSha);
        assertThat(configMapSha256()).isEqualTo(operatorSha);
        assertThat(auditOf(alice, staleId)).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "conflict");
        awaitAgentCopy(operatorSha);

        Agent unacknowledged = agent(false, "never acknowledged");
        unacknowledged.awaitLine("submitting", 90);
        String pausedId = awaitPendingProposal();
        String proxy = standIn.awaitContainer(namespace, "egress-proxy", Duration.ofSeconds(5));
        Docker.ok("docker", "pause", proxy);
        BottleCli.Result failed;
        try {
            failed = alice.run("approve", pausedId);
            assertThat(configMapSha256()).as("the old routes restored in the ConfigMap").isEqualTo(operatorSha);
        } finally {
            Docker.ok("docker", "unpause", proxy);
        }
        JsonNode failedReport = unacknowledged.finish(60);
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(failed.all()).contains("failed");
        assertThat(failedReport.get("result").get("structuredContent").get("status").asText()).isEqualTo("failed");
        assertThat(failedReport.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(liveSha256()).isEqualTo(operatorSha);
        assertThat(auditOf(alice, pausedId)).extracting(e -> e.get("action").asText())
                .containsExactly("submitted", "approved", "apply-failed");
        awaitCondition(() -> operatorSha.equals(proxyRunsSha256()), Duration.ofSeconds(30),
                "the resumed proxy runs the restored routes");

        Path editor = Files.writeString(work.resolve("editor.sh"), """
                #!/bin/sh
                printf '  - host: %s\\n    port: %d\\n    allow_private: true\\n' >> "$1"
                """.formatted(BLOCKED, PORT));
        editor.toFile().setExecutable(true);
        BottleCli.Result edit = alice.run(Map.of("EDITOR", editor.toString()), "", "routes", "edit", name,
                "--reason", "the build needs the second upstream", "--yes");
        assertThat(edit.exitCode()).as(edit.all()).isZero();
        String edited = liveSha256();
        assertThat(edited).isNotEqualTo(operatorSha);
        assertThat(configMapSha256()).isEqualTo(edited);
        assertThat(proxyRunsSha256()).isEqualTo(edited);
        JsonNode probe = probe();
        assertThat(probe.get("status").asInt()).isEqualTo(200);
        assertThat(probe.get("text").asText()).isEqualTo("hello from " + BLOCKED + "\n");
        awaitAgentCopy(edited);
        JsonNode audit = JSON.readTree(alice.ok("audit", "--json").out());
        assertThat(audit.get(audit.size() - 1).get("action").asText()).isEqualTo("edited");
        assertThat(alice.run("audit", "verify").exitCode()).isZero();
        assertThat(bob.run("audit", "verify").exitCode()).isZero();
    }

    private Agent agent(boolean withDownload, String comment) {
        List<String> args = new ArrayList<>(List.of("--mcp", "http://supervise:8080/mcp",
                "--token-file", "/etc/claude-bottle/supervise-token",
                "--routes-file", "/etc/claude-bottle/current-config/routes.yaml",
                "--blocked", "https://" + BLOCKED + ":" + PORT + "/hello", "--allow-private"));
        if (withDownload) {
            args.addAll(List.of("--download", "https://" + ALLOWED + ":" + PORT + "/download/" + DOWNLOAD_BYTES));
        }
        if (comment != null) {
            args.addAll(List.of("--comment", comment));
        }
        Agent agent = Agent.inContainer(work, agentContainer, "/opt/agent/e2e-agent.mjs", args);
        agents.add(agent);
        return agent;
    }

    /** One request from inside the agent's container through the proxy to the second upstream. */
    private JsonNode probe() throws Exception {
        Agent agent = Agent.inContainer(work, agentContainer, "/opt/agent/e2e-agent.mjs",
                List.of("--probe", "https://" + BLOCKED + ":" + PORT + "/hello"));
        agents.add(agent);
        return agent.finish(60).get("probe");
    }

    private void awaitAgentReady() throws Exception {
        awaitCondition(() -> {
            var pod = admin.pods().inNamespace(namespace).withName("agent").get();
            return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                    && pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        }, Duration.ofSeconds(60), "the agent pod Ready");
    }

    /** The agent's mounted copy of the routes follows the ConfigMap within the (stand-in's) sync period. */
    private void awaitAgentCopy(String sha) throws Exception {
        awaitCondition(() -> sha.equals(TlsUpstream.sha256(Docker.ok("docker", "exec", agentContainer, "cat",
                "/etc/claude-bottle/current-config/routes.yaml").out().getBytes(StandardCharsets.UTF_8))),
                SYNC.multipliedBy(5), "the agent's mounted routes at " + sha);
    }

    private String awaitPendingProposal() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode pending = JSON.readTree(alice.ok("proposals", "--bottle", name, "--json").out());
            if (!pending.isEmpty()) {
                return pending.get(0).get("id").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no pending proposal for " + name);
    }

    private String liveSha256() {
        Matcher matcher = Pattern.compile("[0-9a-f]{64}").matcher(alice.ok("routes", "show", name).err());
        assertThat(matcher.find()).isTrue();
        return matcher.group();
    }

    private String configMapRoutes() {
        ConfigMap routes = admin.configMaps().inNamespace(namespace).withName("egress-proxy-routes").get();
        return routes.getData().get("routes.yaml");
    }

    private String configMapSha256() throws Exception {
        return TlsUpstream.sha256(configMapRoutes().getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 the proxy says it runs, from its status ConfigMap. */
    private String proxyRunsSha256() {
        try {
            ConfigMap status = admin.configMaps().inNamespace(namespace).withName("egress-proxy-status").get();
            return JSON.readTree(status.getData().get("status.json")).path("sha256").asText();
        } catch (Exception e) {
            throw new AssertionError("unreadable egress-proxy-status: " + e, e);
        }
    }

    private List<JsonNode> auditOf(BottleCli operator, String proposal) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(operator.ok("audit", "--json").out())) {
            if (proposal == null || proposal.equals(entry.path("proposal").asText())) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private void releaseDownloads() throws Exception {
        String address = Docker.ok("docker", "inspect", "-f",
                "{{(index .NetworkSettings.Networks \"k8s-" + namespace + "\").IPAddress}}", upstreamContainers.get(0)).out().strip();
        UpstreamRelease.release(ca, address, ALLOWED, PORT);
    }

    private void awaitCondition(java.util.concurrent.Callable<Boolean> condition, Duration timeout, String what)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not reached within " + timeout + ": " + what + "; stand-in problems: " + standIn.problems());
    }
}
