package dev.claudebottle.cli;

import dev.claudebottle.cli.common.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.application.changes.ApplyProposal;
import dev.claudebottle.supervise.application.changes.ApplyProposalCommand;
import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.testing.FakeComponentConfigs;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import dev.claudebottle.tools.egressproxy.RoutesValidator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bottle supervise} as a real process over a real state directory, driven by the official
 * TypeScript SDK client (adapter-mcp/src/test/node), while the operator decides in this JVM through
 * the use cases over the same directory: three processes, one queue.
 */
class SuperviseCommandIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "bottle").toAbsolutePath().normalize();
    private static final Path NODE_DIR = Path.of("..", "adapter-mcp", "src", "test", "node").toAbsolutePath().normalize();
    private static final BottleId BOTTLE = BottleId.of("demo");
    private static final String TOKEN = "supervise-it-token-0123456789";

    @TempDir
    Path home;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        started.forEach(Process::destroy);
    }

    private Path bottleDir() {
        return FileStore.bottleDirectory(home, BOTTLE);
    }

    /** A proposal queued as the supervise server would, straight into the bottle's directory. */
    private Proposal queued(String host) {
        Proposal proposal = Proposals.proposal(BOTTLE, ConfigFile.of(Proposals.routesAdding(host)), Proposals.BASE.sha256(),
                Instant.now());
        FileStore.openBottle(BOTTLE, bottleDir()).queue().submit(proposal);
        return proposal;
    }

    /** The operator, in this process, over the whole state directory. */
    private void reject(Proposal proposal, String reason) {
        FileStore store = FileStore.open(home);
        ToolRegistry tools = ToolRegistry.of(EgressProxyBlock.tool());
        new DecideProposal(tools, store.queue(), store.auditLog(), Clock.SYSTEM)
                .decide(DecideProposalCommand.reject(proposal.id(), Operator.of("alice"), reason));
    }

    @Test
    void listeningRequiresATokenFile() throws Exception {
        Process process = new ProcessBuilder(LAUNCHER.toString(), "supervise", "--bottle", "demo", "--listen", "127.0.0.1:0",
                "--bottle-dir", bottleDir().toString()).start();
        process.getOutputStream().close();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(err).contains("--listen requires --token-file");
    }

    @Test
    void overHttpAnAgentWaitsAndGetsTheDecisionMadeInAnotherProcess() throws Exception {
        Path tokenFile = Files.writeString(home.resolve("token"), TOKEN + "\n");
        Process server = new ProcessBuilder(LAUNCHER.toString(), "supervise", "--bottle", "demo", "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--bottle-dir", bottleDir().toString(), "--wait", "20").start();
        started.add(server);
        String url = endpointFrom(server);
        Proposal proposal = queued("pypi.org");

        CompletableFuture<Map<String, Object>> agent = agent(List.of("--http", url, "--token", TOKEN),
                List.of(Map.of("op", "list"), Map.of("op", "call", "tool", "proposal-status",
                        "args", Map.of("proposal_id", proposal.id().value()), "progress", true)));
        Thread.sleep(8_000); // long enough for progress (every 2 s with a 20 s bound) to reach a slow-starting agent
        reject(proposal, "use the internal mirror");

        Map<String, Object> report = agent.get(60, TimeUnit.SECONDS);
        assertThat(report).containsEntry("connected", true);
        Map<String, Object> step = map(list(report.get("steps")).get(1));
        assertThat(map(map(step.get("result")).get("structuredContent")))
                .containsEntry("status", "rejected").containsEntry("reason", "use the internal mirror");
        assertThat(list(step.get("progress"))).isNotEmpty();

        Map<String, Object> refused = agent(List.of("--http", url, "--token", "wrong-token-0123456789abc"),
                List.of(Map.of("op", "list"))).get(60, TimeUnit.SECONDS);
        assertThat(refused).containsEntry("connected", false);
    }

    @Test
    void overHttpAnInvalidFileIsRefusedAndAValidOneAppliedByTheOperatorInAnotherProcess() throws Exception {
        Path tokenFile = Files.writeString(home.resolve("token"), TOKEN);
        Process server = new ProcessBuilder(LAUNCHER.toString(), "supervise", "--bottle", "demo", "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--bottle-dir", bottleDir().toString(), "--wait", "20").start();
        started.add(server);
        String url = endpointFrom(server);
        String routes = Proposals.routesAdding("pypi.org");

        CompletableFuture<Map<String, Object>> agent = agent(List.of("--http", url, "--token", TOKEN), List.of(
                Map.of("op", "call", "tool", "egress-proxy-block", "args", Map.of("routes", "routes:\n  - host: \"*\"\n",
                        "justification", "anything"), "progress", false),
                Map.of("op", "call", "tool", "egress-proxy-block", "args", Map.of("routes", routes,
                        "justification", "pip install", "base_sha256", Proposals.BASE.sha256().hex()), "progress", true)));
        FileStore host = FileStore.open(home);
        ProposalId id = awaitUndecided(host);
        FakeComponentConfigs gateway = new FakeComponentConfigs(new RoutesValidator(), Clock.SYSTEM).startBottle(BOTTLE, Proposals.BASE);
        ToolRegistry tools = ToolRegistry.of(EgressProxyBlock.tool());
        new DecideProposal(tools, host.queue(), host.auditLog(), Clock.SYSTEM)
                .decide(DecideProposalCommand.approve(id, Operator.of("alice"), Optional.empty()));
        new ApplyProposal(tools, host.queue(), host.auditLog(), host.locks(), host.history(), Clock.SYSTEM,
                gateway).apply(new ApplyProposalCommand(id));

        Map<String, Object> report = agent.get(60, TimeUnit.SECONDS);
        Map<String, Object> invalid = map(map(list(report.get("steps")).get(0)).get("result"));
        assertThat(invalid).containsEntry("isError", true);
        assertThat(list(map(invalid.get("structuredContent")).get("problems")))
                .anySatisfy(p -> assertThat((String) p).startsWith("routes.yaml:2:11: routes[0].host:"));
        Map<String, Object> applied = map(map(list(report.get("steps")).get(1)).get("result"));
        assertThat(map(applied.get("structuredContent"))).containsEntry("status", "applied")
                .containsEntry("proposal_id", id.value()).containsEntry("new_sha256", ConfigFile.of(routes).sha256().hex());
        assertThat(host.auditLog().verify()).isInstanceOf(dev.claudebottle.supervise.model.AuditVerification.Intact.class);
    }

    private static ProposalId awaitUndecided(FileStore store) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var undecided = store.queue().list().awaitingDecision();
            if (!undecided.isEmpty()) {
                return undecided.getFirst().id();
            }
            Thread.sleep(50);
        }
        return fail("no proposal reached the queue");
    }

    @Test
    void overStdioTheAgentStartsTheServerItself() throws Exception {
        Proposal proposal = queued("registry.npmjs.org");
        reject(proposal, "not today");
        List<String> spawn = List.of(LAUNCHER.toString(), "supervise", "--bottle", "demo", "--stdio",
                "--bottle-dir", bottleDir().toString(), "--wait", "5");

        Map<String, Object> report = agent(List.of("--spawn", Json.write(spawn)), List.of(Map.of("op", "list"),
                Map.of("op", "call", "tool", "proposal-status", "args", Map.of("proposal_id", proposal.id().value()),
                        "progress", false))).get(90, TimeUnit.SECONDS);

        assertThat(report).as("report %s", report).containsEntry("connected", true);
        assertThat(list(map(list(report.get("steps")).get(0)).get("tools"))).hasSize(2);
        assertThat(map(map(map(list(report.get("steps")).get(1)).get("result")).get("structuredContent")))
                .containsEntry("status", "rejected").containsEntry("reason", "not today");
    }

    @Test
    void theJavaSdkClientSpawnsTheServerOverStdioAndWaitsOnAProposal() throws Exception {
        Proposal proposal = queued("repo.maven.apache.org");
        var parameters = io.modelcontextprotocol.client.transport.ServerParameters.builder(LAUNCHER.toString())
                .args("supervise", "--bottle", "demo", "--stdio", "--bottle-dir", bottleDir().toString(), "--wait", "20")
                .build();
        var transport = new io.modelcontextprotocol.client.transport.StdioClientTransport(parameters,
                io.modelcontextprotocol.json.McpJsonDefaults.getMapper());
        try (var client = io.modelcontextprotocol.client.McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
            assertThat(client.initialize().protocolVersion()).isEqualTo("2025-11-25");
            assertThat(client.listTools().tools()).hasSize(2);
            CompletableFuture<io.modelcontextprotocol.spec.McpSchema.CallToolResult> waiting = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    waiting.complete(client.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest(
                            "proposal-status", Map.of("proposal_id", proposal.id().value()))));
                } catch (RuntimeException e) {
                    waiting.completeExceptionally(e);
                }
            });
            Thread.sleep(1_500);
            reject(proposal, "mirror it internally");

            assertThat(map(waiting.get(60, TimeUnit.SECONDS).structuredContent()))
                    .containsEntry("status", "rejected").containsEntry("reason", "mirror it internally");
        }
    }

    @Test
    void overStdioBadLinesGetErrorsAndEndOfInputIsAnsweredThenTheProcessExitsPromptly() throws Exception {
        Process server = new ProcessBuilder(LAUNCHER.toString(), "supervise", "--bottle", "demo", "--stdio",
                "--bottle-dir", bottleDir().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(server);
        String messages = """
                {"jsonrpc":"2.0","id":"p","method":"ping"}
                this is not json
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
                {"jsonrpc":"2.0","method":"notifications/initialized"}
                [1,2]
                {"not":"json-rpc"}
                {"jsonrpc":"2.0","id":2,"method":"tools/call"}
                {"jsonrpc":"2.0","id":3,"method":"tools/list"}
                """;
        server.getOutputStream().write(messages.getBytes(StandardCharsets.UTF_8));
        server.getOutputStream().close();
        long start = System.nanoTime();

        String out = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(server.exitValue()).isZero();
        List<Map<String, Object>> answers = new ArrayList<>();
        for (String line : out.lines().toList()) {
            answers.add(Json.readMap(line));
        }
        assertThat(answers).extracting(a -> a.get("id")).containsExactlyInAnyOrder("p", null, 1, null, null, 2, 3);
        assertThat(out).contains("-32700").contains("-32600").contains("-32602").contains("egress-proxy-block")
                .doesNotContain("Exception");
    }

    @Test
    void overStdioNothingButProtocolMessagesReachStdout() throws Exception {
        Process server = new ProcessBuilder(LAUNCHER.toString(), "supervise", "--bottle", "demo", "--stdio",
                "--bottle-dir", bottleDir().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(server);
        String messages = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
                {"jsonrpc":"2.0","method":"notifications/initialized"}
                {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"proposal-status","arguments":{"proposal_id":"p-aaaaaaaaaaaa"}}}
                """;
        server.getOutputStream().write(messages.getBytes(StandardCharsets.UTF_8));
        server.getOutputStream().flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        while (lines.size() < 3) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            lines.add(line);
        }
        server.getOutputStream().close();

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(Json.readMap(line)).containsEntry("jsonrpc", "2.0"));
        assertThat(Json.readMap(lines.get(0)).toString()).contains("protocolVersion=2025-11-25");
        assertThat(lines.get(2)).contains("\"status\":\"unknown\"");
        assertThat(out.readLine()).isNull();
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
        return fail("bottle supervise did not report its endpoint");
    }

    private static CompletableFuture<Map<String, Object>> agent(List<String> connection, List<Map<String, Object>> steps)
            throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            fail("the TypeScript MCP SDK is not installed in " + NODE_DIR + "/node_modules; run "
                    + "`npm ci --prefix adapter-mcp/src/test/node` from the project root (.ci/run does)");
        }
        Path out = Files.createTempFile("supervise-agent", ".json");
        List<String> command = new ArrayList<>(List.of("node", NODE_DIR.resolve("agent.mjs").toString()));
        command.addAll(connection);
        command.addAll(List.of("--steps", Json.write(steps), "--out", out.toString()));
        Process node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        node.getOutputStream().close();
        CompletableFuture<Map<String, Object>> report = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!node.waitFor(120, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
                report.complete(Json.readMap(Files.readString(out)));
            } catch (Exception e) {
                report.completeExceptionally(e);
            }
        });
        return report;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** JSON in and out of the node agent, with the MCP SDK's own mapper. */
    private static final class Json {
        static String write(Object value) throws Exception {
            return io.modelcontextprotocol.json.McpJsonDefaults.getMapper().writeValueAsString(value);
        }

        static Map<String, Object> readMap(String json) throws Exception {
            return io.modelcontextprotocol.json.McpJsonDefaults.getMapper().readValue(json,
                    new io.modelcontextprotocol.json.TypeRef<Map<String, Object>>() {});
        }
    }
}
