package dev.claudebottle.mcp;

import static dev.claudebottle.mcp.NodeAgents.call;
import static dev.claudebottle.mcp.NodeAgents.list;
import static dev.claudebottle.mcp.NodeAgents.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.Proposals;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official TypeScript SDK client, run by node, against the server over streamable HTTP and stdio. */
class TypeScriptClientIT {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final SupervisedBottle bottle = new SupervisedBottle(WAIT);
    private SuperviseServer.Listening listening;

    @BeforeAll
    static void nodeClientIsInstalled() {
        NodeAgents.requireInstalled();
    }

    @AfterEach
    void stop() {
        if (listening != null) {
            listening.close();
        }
    }

    private List<String> http() throws Exception {
        listening = bottle.server.listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of());
        return List.of("--http", listening.endpoint().toString(), "--token", TOKEN);
    }

    @Test
    void listsBothToolsWithTheirSchemasAtTheNewestProtocolVersion() throws Exception {
        Map<String, Object> report = run(http(), steps(list()));

        assertThat(report.get("protocolVersion")).isEqualTo("2025-11-25");
        List<Map<String, Object>> tools = listOf(step(report, 0).get("tools"));
        assertThat(tools).extracting(t -> t.get("name")).containsExactlyInAnyOrder("egress-proxy-block", "proposal-status");
        Map<String, Object> block = tools.stream().filter(t -> t.get("name").equals("egress-proxy-block")).findFirst().orElseThrow();
        Map<String, Object> schema = mapOf(block.get("inputSchema"));
        assertThat(listOf(schema.get("required"))).containsExactlyInAnyOrder("routes", "justification");
        assertThat(mapOf(schema.get("properties"))).containsOnlyKeys("routes", "justification", "blocked_url", "base_sha256");
        assertThat((String) block.get("description")).contains("X-Egress-Proxy-Block", ToolCatalog.ROUTES_PATH,
                "WHOLE new file", "smallest change", "honest");
        assertThat(mapOf(block.get("outputSchema"))).containsKey("properties");
    }

    @Test
    void anInvalidFileComesBackAtOnceWithEveryProblem() throws Exception {
        String routes = "routes:\n  - host: \"*\"\n  - host: ok.example.com\n  - hots: x.example.com\n    port: 99999\n";
        Map<String, Object> report = run(http(), steps(call("egress-proxy-block",
                Map.of("routes", routes, "justification", "need it"), false)));

        Map<String, Object> result = result(report, 0);
        assertThat(result.get("isError")).isEqualTo(true);
        assertThat(listOf(mapOf(result.get("structuredContent")).get("problems"))).containsExactly(
                "routes.yaml:2:11: routes[0].host: a bare `*` would allow every host; name a domain, like `*.example.com`",
                "routes.yaml:4:5: routes[2].hots: unknown key `hots`; did you mean `host`?",
                "routes.yaml:4:5: routes[2].host: a route needs a `host`",
                "routes.yaml:5:11: routes[2].port: port must be between 1 and 65535, got 99999");
        assertThat(text(result)).startsWith("Nothing was submitted: 4 problems.").contains("routes.yaml:5:11: routes[2].port");
        assertThat(mapOf(result.get("structuredContent"))).containsEntry("status", "invalid");
        assertThat(bottle.supervisor.queue.list().proposals()).isEmpty();
    }

    @Test
    void aValidFileWaitsWithProgressUntilTheOperatorApprovesIt() throws Exception {
        String routes = SupervisedBottle.routesAdding("pypi.org");
        CompletableFuture<Map<String, Object>> agent = runAsync(http(), steps(call("egress-proxy-block",
                Map.of("routes", routes, "justification", "install the test dependencies",
                        "blocked_url", "https://pypi.org/simple/", "base_sha256", SupervisedBottle.baseSha256()), true)));

        ProposalRecord queued = bottle.awaitUndecided(1, Duration.ofSeconds(30)).getFirst();
        Thread.sleep(1_000);
        bottle.approve(queued.id());

        Map<String, Object> step = step(agent.get(60, TimeUnit.SECONDS), 0);
        Map<String, Object> structured = mapOf(mapOf(step.get("result")).get("structuredContent"));
        assertThat(structured).containsEntry("status", "applied").containsEntry("proposal_id", queued.id().value())
                .containsEntry("new_sha256", ConfigFile.of(routes).sha256().hex())
                .containsEntry("live_routes", routes).containsEntry("live_sha256", ConfigFile.of(routes).sha256().hex());
        assertThat(text(mapOf(step.get("result")))).contains("Applied", "Retry your request");
        assertThat(listOf(step.get("progress"))).isNotEmpty();
        assertThat(queued.proposal().blockedUrl()).contains("https://pypi.org/simple/");
    }

    @Test
    void aPendingProposalIsWaitedOnAgainAndItsRejectionDelivered() throws Exception {
        String routes = SupervisedBottle.routesAdding("evil.example.com");
        ProposalId id = ProposalId.derive(SupervisedBottle.BOTTLE, ToolId.EGRESS_PROXY_BLOCK, Proposals.BASE.sha256(),
                ConfigFile.of(routes).sha256(), 0);
        CompletableFuture<Map<String, Object>> agent = runAsync(http(), steps(
                call("egress-proxy-block", Map.of("routes", routes, "justification", "exfiltrate nothing",
                        "base_sha256", SupervisedBottle.baseSha256()), false),
                call("proposal-status", Map.of("proposal_id", id.value()), false)));

        bottle.awaitUndecided(1, Duration.ofSeconds(30));
        Thread.sleep(WAIT.toMillis() + 1_500); // after the first call answered pending, within the second call's wait
        bottle.reject(id, "use the internal mirror");

        Map<String, Object> report = agent.get(60, TimeUnit.SECONDS);
        assertThat(mapOf(result(report, 0).get("structuredContent"))).containsEntry("status", "pending")
                .containsEntry("proposal_id", id.value());
        assertThat(result(report, 0).get("isError")).isEqualTo(false);
        Map<String, Object> second = result(report, 1);
        assertThat(mapOf(second.get("structuredContent"))).containsEntry("status", "rejected")
                .containsEntry("reason", "use the internal mirror");
        assertThat(second.get("isError")).isEqualTo(true);
    }

    @Test
    void aCancelledCallLeavesTheProposalQueuedAndTheNextWaitGetsItsOutcome() throws Exception {
        String routes = SupervisedBottle.routesAdding("proxy.golang.org");
        ProposalId id = ProposalId.derive(SupervisedBottle.BOTTLE, ToolId.EGRESS_PROXY_BLOCK, Proposals.BASE.sha256(),
                ConfigFile.of(routes).sha256(), 0);
        CompletableFuture<Map<String, Object>> agent = runAsync(http(), steps(
                Map.of("op", "call", "tool", "egress-proxy-block", "args", Map.of("routes", routes,
                        "justification", "go mod download", "base_sha256", SupervisedBottle.baseSha256()),
                        "progress", false, "abortAfterMs", 700),
                call("proposal-status", Map.of("proposal_id", id.value()), false)));

        ProposalRecord queued = bottle.awaitUndecided(1, Duration.ofSeconds(30)).getFirst();
        Thread.sleep(1_800);
        bottle.approve(queued.id());

        Map<String, Object> report = agent.get(60, TimeUnit.SECONDS);
        assertThat(report.get("connected")).isEqualTo(true);
        assertThat((String) mapOf(listOf(report.get("steps")).get(0)).get("error")).isNotBlank();
        assertThat(mapOf(result(report, 1).get("structuredContent"))).containsEntry("status", "applied")
                .containsEntry("proposal_id", id.value());
    }

    @Test
    void aWrongOrMissingTokenIsRefused() throws Exception {
        String url = http().get(1);
        Map<String, Object> wrong = run(List.of("--http", url, "--token", "not-the-token-at-all"), steps(list()));
        Map<String, Object> missing = run(List.of("--http", url), steps(list()));

        assertThat(wrong.get("connected")).isEqualTo(false);
        assertThat((String) wrong.get("connectError")).doesNotContain(TOKEN);
        assertThat(missing.get("connected")).isEqualTo(false);
        assertThat(bottle.supervisor.queue.list().proposals()).isEmpty();
    }

    @Test
    void overStdioTheSameToolsWorkEndToEnd() throws Exception {
        String routes = SupervisedBottle.routesAdding("registry.npmjs.org");
        Path out = Files.createTempFile("mcp-stdio-agent", ".json");
        Process agent = NodeAgents.start("agent.mjs", List.of("--stdio", "--out", out.toString(), "--steps", steps(
                list(),
                call("egress-proxy-block", Map.of("routes", "routes:\n  - host: \"*.com\"\n", "justification", "x"), false),
                call("egress-proxy-block", Map.of("routes", routes, "justification", "npm install",
                        "base_sha256", SupervisedBottle.baseSha256()), true))));
        CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
            try {
                bottle.server.serveStdio(agent.getInputStream(), agent.getOutputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, NodeAgents.OFF_COMMON_POOL);

        ProposalRecord queued = bottle.awaitUndecided(1, Duration.ofSeconds(30)).getFirst();
        Thread.sleep(800);
        bottle.approveWithEdits(queued.id(), ConfigFile.of(SupervisedBottle.routesAdding("registry.npmjs.org") + "    methods: [GET]\n"));

        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        serving.get(30, TimeUnit.SECONDS);
        Map<String, Object> report = NodeAgents.readReport(out, NodeAgents.REPORT);
        assertThat(report.get("connected")).isEqualTo(true);
        assertThat(listOf(step(report, 0).get("tools"))).hasSize(2);
        assertThat(result(report, 1).get("isError")).isEqualTo(true);
        assertThat(text(result(report, 1))).contains("routes.yaml:2:11: routes[0].host");
        Map<String, Object> applied = mapOf(result(report, 2).get("structuredContent"));
        assertThat(applied).containsEntry("status", "applied").containsEntry("reason", "narrower");
        assertThat((String) applied.get("final_routes")).endsWith("    methods: [GET]\n");
        assertThat(applied.get("live_routes")).as("the operator's file is what runs").isEqualTo(applied.get("final_routes"));
        assertThat(listOf(step(report, 2).get("progress"))).isNotEmpty();
    }

    private static Map<String, Object> run(List<String> connection, String steps) throws Exception {
        return NodeAgents.run("agent.mjs", withSteps(connection, steps), NodeAgents.REPORT);
    }

    private static CompletableFuture<Map<String, Object>> runAsync(List<String> connection, String steps) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(connection, steps);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, NodeAgents.OFF_COMMON_POOL);
    }

    private static List<String> withSteps(List<String> connection, String steps) {
        return java.util.stream.Stream.concat(connection.stream(), java.util.stream.Stream.of("--steps", steps)).toList();
    }

    static Map<String, Object> step(Map<String, Object> report, int index) {
        assertThat(report.get("connected")).as("connected; report: %s", report).isEqualTo(true);
        Map<String, Object> step = mapOf(listOf(report.get("steps")).get(index));
        assertThat(step).as("step %d", index).doesNotContainKey("error");
        return step;
    }

    static Map<String, Object> result(Map<String, Object> report, int index) {
        return mapOf(step(report, index).get("result"));
    }

    static String text(Map<String, Object> result) {
        return (String) mapOf(listOf(result.get("content")).getFirst()).get("text");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapOf(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> listOf(Object value) {
        return (List<T>) value;
    }
}
