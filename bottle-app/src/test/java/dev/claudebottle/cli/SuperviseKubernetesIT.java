package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.kubernetes.KubernetesStore;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.testing.Proposals;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bottle supervise --kubernetes} as a real process in the shape of the supervise pod: in-cluster
 * configuration (KUBERNETES_SERVICE_HOST/_PORT, the ServiceAccount token and the cluster CA from fabric8's documented
 * overrides, since there is no /var/run/secrets here), a TokenRequest token of ServiceAccount {@code supervise} with
 * exactly PROTOCOL.md's Role and RoleBindings, a real kube-apiserver, and the official TypeScript MCP SDK as the
 * agent. The proposal must land in the bottle's namespace with the base SHA-256 read from ConfigMap
 * {@code egress-proxy-routes}.
 */
class SuperviseKubernetesIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "bottle").toAbsolutePath().normalize();
    private static final Path NODE_DIR = Path.of("..", "adapter-mcp", "src", "test", "node").toAbsolutePath().normalize();
    private static final String MCP_TOKEN = "supervise-k8s-it-token-0123456789";
    private static final ConfigFile LIVE = ConfigFile.of(Proposals.BASE.text() + "  - host: only-in-the-configmap.example.com\n");

    @RegisterExtension
    static final BeforeAllCallback SERVER = context -> server = KubeApiServer.shared(context);
    private static KubeApiServer server;
    private static KubernetesClient admin;

    @TempDir
    Path dir;
    private final String instance = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final BottleId bottle = BottleId.of("demo");
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void adminClient() {
        admin = server.client(KubeApiServer.ADMIN);
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        admin.namespaces().withName(namespace()).delete();
    }

    private String namespace() {
        return KubernetesStore.namespace(instance, bottle);
    }

    /** The bottle's namespace, routes ConfigMap and supervise account; returns the account's token. */
    private String bottleWithSuperviseAccount(boolean mayReadRoutes) {
        String ns = namespace();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).withLabels(Map.of(
                "claudebottle.dev/instance", instance, "claudebottle.dev/bottle", bottle.value(),
                "app.kubernetes.io/managed-by", "claude-bottle")).endMetadata().build()).create();
        admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("egress-proxy-routes")
                .endMetadata().addToData("routes.yaml", LIVE.text()).build()).create();
        admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("other")
                .endMetadata().addToData("secret-ish", "not for supervise").build()).create();
        admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName("supervise")
                .endMetadata().build()).create();
        if (mayReadRoutes) {
            admin.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName("supervise")
                    .endMetadata().withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                            .withResourceNames("egress-proxy-routes").withVerbs("get", "list", "watch").build())
                    .build()).create();
            admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
                    .withName("supervise").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "supervise")
                    .addNewSubject().withKind("ServiceAccount").withName("supervise").withNamespace(ns).endSubject()
                    .build()).create();
        }
        admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("supervise-state").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "claude-bottle-supervise")
                .addNewSubject().withKind("ServiceAccount").withName("supervise").withNamespace(ns).endSubject()
                .build()).create();
        return admin.serviceAccounts().inNamespace(ns).withName("supervise")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
    }

    /** bin/bottle supervise --kubernetes with the pod's environment (and nothing of this machine's kubeconfig). */
    private Process supervise(String saToken, String... extra) throws Exception {
        Path saTokenFile = Files.writeString(dir.resolve("sa-token"), saToken);
        Path mcpToken = Files.writeString(dir.resolve("mcp-token"), MCP_TOKEN);
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "supervise", "--bottle", bottle.value(),
                "--kubernetes", "--listen", "127.0.0.1:0", "--token-file", mcpToken.toString(), "--wait", "3"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("KUBERNETES_SERVICE_HOST", server.url().getHost());
        env.put("KUBERNETES_SERVICE_PORT", String.valueOf(server.url().getPort()));
        env.put("KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", saTokenFile.toString());
        env.put("KUBERNETES_CERTS_CA_FILE", server.caFile().toString());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBECONFIG", dir.resolve("no-kubeconfig").toString());
        env.put("CLAUDE_BOTTLE_KUBE_INSTANCE", instance);
        env.put("CLAUDE_BOTTLE_HOME", dir.resolve("home").toString());
        Process process = builder.start();
        started.add(process);
        process.getOutputStream().close();
        return process;
    }

    @Test
    void anAgentsProposalLandsInTheBottlesNamespaceWithTheBaseReadFromTheRoutesConfigMap() throws Exception {
        Process supervise = supervise(bottleWithSuperviseAccount(true));
        String url = endpointFrom(supervise);
        String proposed = LIVE.text() + "  - host: pypi.org\n";

        Map<String, Object> report = agent(List.of("--http", url, "--token", MCP_TOKEN), List.of(
                Map.of("op", "call", "tool", "egress-proxy-block", "args", Map.of("routes", proposed,
                        "justification", "pip install"), "progress", false))).get(90, TimeUnit.SECONDS);

        assertThat(report).as("report %s", report).containsEntry("connected", true);
        Map<String, Object> result = map(map(list(report.get("steps")).get(0)).get("result"));
        assertThat(map(result.get("structuredContent"))).as("%s", result).containsEntry("status", "pending");
        List<ProposalRecord> queued = KubernetesStore.open(admin, instance, Duration.ofSeconds(15)).queue().list()
                .proposals();
        assertThat(queued).singleElement().satisfies(record -> {
            assertThat(record.proposal().bottle()).isEqualTo(bottle);
            assertThat(record.proposal().base()).as("the base is the ConfigMap's").isEqualTo(LIVE.sha256());
            assertThat(record.proposal().content()).isEqualTo(ConfigFile.of(proposed));
        });
        assertThat(admin.genericKubernetesResources("claudebottle.dev/v1", "Proposal").inNamespace(namespace()).list()
                .getItems()).hasSize(1);
    }

    @Test
    void anAccountThatMayNotReadTheRoutesStopsAtStartSayingWhich() throws Exception {
        Process supervise = supervise(bottleWithSuperviseAccount(false));

        String err = new String(supervise.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(supervise.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(supervise.exitValue()).as(err).isEqualTo(ExitCode.OPERATIONAL);
        assertThat(err).contains("HTTP 403", namespace() + "/egress-proxy-routes");
    }

    @Test
    void kubernetesModeRefusesAStateDirectoryOrARoutesFile() throws Exception {
        Process supervise = supervise("unused", "--bottle-dir", dir.toString());

        String err = new String(supervise.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(supervise.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(supervise.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(err).contains("--kubernetes", "not with --bottle-dir or --current-routes");
    }

    private static String endpointFrom(Process server) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening at (http://\\S+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                Thread.ofPlatform().daemon().start(() -> err.lines().forEach(System.err::println));
                return matcher.group(1);
            }
            System.err.println(line);
        }
        return fail("bottle supervise --kubernetes did not report its endpoint");
    }

    private static CompletableFuture<Map<String, Object>> agent(List<String> connection, List<Map<String, Object>> steps)
            throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            fail("the TypeScript MCP SDK is not installed in " + NODE_DIR + "/node_modules; run "
                    + "`npm ci --prefix adapter-mcp/src/test/node` from the project root (.ci/run does)");
        }
        Path out = Files.createTempFile("supervise-k8s-agent", ".json");
        List<String> command = new ArrayList<>(List.of("node", NODE_DIR.resolve("agent.mjs").toString()));
        command.addAll(connection);
        command.addAll(List.of("--steps", json(steps), "--out", out.toString()));
        Process node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        node.getOutputStream().close();
        CompletableFuture<Map<String, Object>> report = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!node.waitFor(120, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
                report.complete(io.modelcontextprotocol.json.McpJsonDefaults.getMapper().readValue(Files.readString(out),
                        new io.modelcontextprotocol.json.TypeRef<Map<String, Object>>() {}));
            } catch (Exception e) {
                report.completeExceptionally(e);
            }
        });
        return report;
    }

    private static String json(Object value) throws Exception {
        return io.modelcontextprotocol.json.McpJsonDefaults.getMapper().writeValueAsString(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
