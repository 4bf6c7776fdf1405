package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.supervise.model.ConfigFile;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bottle dashboard} in a real terminal: tmux runs it at 80x24 while a real local bottle
 * ({@code bottle up --gateway local}: egress-proxy and {@code bottle supervise} as processes) takes
 * an agent's {@code egress-proxy-block} call over MCP from this JVM. Keys go in with
 * {@code tmux send-keys}; what the operator sees comes back with {@code capture-pane}.
 */
class DashboardIT {
    private static final Path BOTTLE = Path.of("..", "bin", "bottle").toAbsolutePath().normalize();
    private static final String NAME = "dash-it";
    private static final String BASE = "routes:\n  - host: api.github.com\n";
    private static final Duration SCREEN_WAIT = Duration.ofSeconds(40);

    @TempDir
    Path home;
    private final String socket = "dashboard-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final ExecutorService agentThreads = Executors.newCachedThreadPool();

    @BeforeEach
    void up() throws Exception {
        Path routes = Files.writeString(home.resolve("routes.yaml"), BASE);
        Result up = run(bottleCommand("up", NAME, "--gateway", "local", "--routes", routes.toString()));
        assertThat(up.exitCode()).as(up.err()).isZero();
    }

    @AfterEach
    void down() throws Exception {
        try {
            run(List.of("tmux", "-L", socket, "kill-server"));
        } finally {
            run(bottleCommand("down", NAME));
            agentThreads.shutdownNow();
        }
    }

    @Test
    void approvingWithTheAKeyAppliesAProposalAnAgentIsWaitingOn() throws Exception {
        String proposed = BASE + "  - host: pypi.org\n";
        startDashboard();
        awaitScreen(screen -> screen.contains("no proposals pending"));
        long submitted = System.nanoTime();
        CompletableFuture<Map<String, Object>> agent = propose(proposed, "pip install needs PyPI");
        awaitScreen(screen -> screen.contains("pip install needs PyPI") && screen.contains("+  - host: pypi.org"));
        // Includes the agent's MCP session set-up and validation, not only the dashboard's poll.
        System.out.printf("DashboardIT: the proposal was on screen %d ms after the agent started its call%n",
                Duration.ofNanos(System.nanoTime() - submitted).toMillis());

        sendKeys("a");

        String screen = awaitScreen(text -> text.contains("Applied p-"));
        assertThat(screen).contains("egress-proxy runs");
        assertThat(agent.get(60, TimeUnit.SECONDS)).containsEntry("status", "applied")
                .containsEntry("new_sha256", ConfigFile.of(proposed).sha256().hex());
        Result shown = run(bottleCommand("routes", "show", NAME));
        assertThat(shown.out()).isEqualTo(proposed);
    }

    @Test
    void tGrantsAProposalForATypedTimeTheAgentIsToldUntilWhenAndTheTickSweepsItOutAfterwards() throws Exception {
        CompletableFuture<Map<String, Object>> agent = propose(BASE + "  - host: pypi.org\n", "pip for a moment");
        startDashboard();
        awaitScreen(screen -> screen.contains("pip for a moment") && screen.contains("+  - host: pypi.org"));

        sendKeys("t");
        awaitScreen(screen -> screen.contains("as a time-boxed grant, for:"));
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "dashboard", "-l", "8s"));
        sendKeys("Enter");

        String screen = awaitScreen(text -> text.contains("Applied p-"));
        assertThat(screen.replaceAll("\\s+", "")).contains("granteduntil20");
        Map<String, Object> answer = agent.get(60, TimeUnit.SECONDS);
        assertThat(answer).containsEntry("status", "applied").containsKey("granted_until");
        String until = (String) answer.get("granted_until");
        assertThat(run(bottleCommand("routes", "show", NAME)).out()).contains("  - host: pypi.org\n    expires: \"" + until + "\"");

        // The grant ends; the dashboard's tick puts the file back as it was without it.
        long deadline = System.nanoTime() + SCREEN_WAIT.toNanos();
        String shown = "";
        while (System.nanoTime() < deadline && (shown = run(bottleCommand("routes", "show", NAME)).out()).contains("pypi.org")) {
            Thread.sleep(250);
        }
        assertThat(shown).isEqualTo("version: 1\nroutes:\n  - host: api.github.com\n");
        assertThat(run(bottleCommand("audit")).out()).contains("grant-expired").contains("pypi.org:443 (granted until " + until);
        sendKeys("q");
        awaitExit();
    }

    @Test
    void rejectingWithAReasonTypedIntoTheDashboardTellsTheAgentWhy() throws Exception {
        CompletableFuture<Map<String, Object>> agent = propose(BASE + "  - host: registry.npmjs.org\n", "npm install");
        startDashboard();
        awaitScreen(screen -> screen.contains("npm install") && screen.contains("registry.npmjs.org"));

        sendKeys("r");
        awaitScreen(screen -> screen.contains("reason:"));
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "dashboard", "-l", "use the internal mirror"));
        sendKeys("Enter");

        awaitScreen(screen -> screen.contains("Rejected p-") && screen.contains("use the internal mirror"));
        assertThat(agent.get(60, TimeUnit.SECONDS)).containsEntry("status", "rejected")
                .containsEntry("reason", "use the internal mirror");
        assertThat(run(bottleCommand("routes", "show", NAME)).out()).isEqualTo(BASE);
        sendKeys("q");
        awaitExit();
    }

    @Test
    void approvingAfterEditingHandsTheTerminalToTheEditorAndAppliesTheEditedFile() throws Exception {
        Path editor = Files.writeString(home.resolve("editor.sh"), "#!/bin/sh\nprintf '    methods: [GET]\\n' >> \"$1\"\n");
        editor.toFile().setExecutable(true);
        String edited = BASE + "  - host: pypi.org\n    methods: [GET]\n";
        CompletableFuture<Map<String, Object>> agent = propose(BASE + "  - host: pypi.org\n", "pip install needs PyPI");
        startDashboard("EDITOR='" + editor + "'");
        awaitScreen(screen -> screen.contains("pip install needs PyPI"));

        sendKeys("e");

        awaitScreen(screen -> screen.contains("Applied p-"));
        assertThat(agent.get(60, TimeUnit.SECONDS)).containsEntry("status", "applied")
                .containsEntry("new_sha256", ConfigFile.of(edited).sha256().hex()).containsEntry("final_routes", edited);
        assertThat(run(bottleCommand("routes", "show", NAME)).out()).isEqualTo(edited);
        sendKeys("j");
        awaitScreen(screen -> screen.startsWith(" bottle dashboard: no proposals pending"));
    }

    /** The agent's side: one egress-proxy-block call over the bottle's MCP endpoint, waiting for its result. */
    private CompletableFuture<Map<String, Object>> propose(String routes, String justification) throws Exception {
        // ls also lists Docker bottles of the same engine (other test runs' among them): pick ours by name.
        JsonNode listed = null;
        for (JsonNode bottle : new ObjectMapper().readTree(run(bottleCommand("ls", "--json")).out())) {
            if (bottle.get("name").asText().equals(NAME)) {
                listed = bottle;
            }
        }
        assertThat(listed).as("bottle ls --json lists " + NAME).isNotNull();
        URI endpoint = URI.create(listed.get("mcp_url").asText());
        String token = Files.readString(Path.of(listed.get("mcp_token_file").asText())).strip();
        return CompletableFuture.supplyAsync(() -> {
            var transport = HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority())
                    .endpoint(endpoint.getPath())
                    .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
            try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90)).build()) {
                client.initialize();
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("egress-proxy-block", Map.of(
                        "routes", routes, "justification", justification,
                        "base_sha256", ConfigFile.of(BASE).sha256().hex())));
                @SuppressWarnings("unchecked")
                Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
                return structured;
            }
        }, agentThreads);
    }

    private void startDashboard(String... environment) throws Exception {
        Result started = run(List.of("tmux", "-L", socket, "new-session", "-d", "-s", "dashboard", "-x", "80", "-y", "24",
                "env CLAUDE_BOTTLE_HOME='" + home + "' TERM=xterm-256color " + String.join(" ", environment) + " '" + BOTTLE
                        + "' dashboard"));
        assertThat(started.exitCode()).as(started.err()).isZero();
    }

    private void sendKeys(String key) throws Exception {
        assertThat(run(List.of("tmux", "-L", socket, "send-keys", "-t", "dashboard", key)).exitCode()).isZero();
    }

    /** Captures the pane until {@code expected} holds; fails with the last screen otherwise. */
    private String awaitScreen(Predicate<String> expected) throws Exception {
        long deadline = System.nanoTime() + SCREEN_WAIT.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            Result captured = run(List.of("tmux", "-L", socket, "capture-pane", "-p", "-t", "dashboard"));
            screen = captured.out();
            if (expected.test(screen)) {
                assertThat(screen.lines().count()).isLessThanOrEqualTo(24);
                assertThat(screen.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
                return screen;
            }
            Thread.sleep(250);
        }
        return fail("the dashboard did not show what was expected within " + SCREEN_WAIT.toSeconds() + " s; it shows:\n" + screen);
    }

    private void awaitExit() throws Exception {
        long deadline = System.nanoTime() + SCREEN_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (run(List.of("tmux", "-L", socket, "has-session", "-t", "dashboard")).exitCode() != 0) {
                return;
            }
            Thread.sleep(250);
        }
        fail("the dashboard did not quit on q");
    }

    private static List<String> bottleCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(BOTTLE.toString()));
        command.addAll(List.of(args));
        return command;
    }

    record Result(int exitCode, String out, String err) {}

    private Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLAUDE_BOTTLE_HOME", home.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        }, agentThreads);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), out, err.get());
    }
}
