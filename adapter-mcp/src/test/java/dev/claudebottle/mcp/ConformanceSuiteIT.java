package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, pinned in
 * {@code src/test/clients}) in server mode against the listening supervise server. Every scenario
 * runs; the ones that need the suite's own fixture tools, resources or prompts are listed, with
 * the reason, in {@code conformance-expected-failures.yml}. The suite fails the run on any other
 * failure, and on a listed scenario that starts to pass.
 */
class ConformanceSuiteIT {
    private static final String TOKEN = "conformance-token-0123456789";
    /** The scenarios that apply to this server: each must pass on its own too. */
    static final List<String> APPLICABLE = List.of("server-initialize", "ping", "logging-set-level", "tools-list",
            "server-sse-multiple-streams", "server-sse-polling", "dns-rebinding-protection");

    private SuperviseServer.Listening listening;
    private TokenForwarder forwarder;

    @BeforeEach
    void listen() throws Exception {
        listening = new SupervisedBottle(Duration.ofSeconds(5)).server
                .listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of());
        forwarder = new TokenForwarder(listening.endpoint().getPort(), TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        forwarder.close();
        listening.close();
    }

    @Test
    void theWholeActiveSuitePassesExceptTheListedFixtureScenarios() throws Exception {
        Path out = Files.createTempDirectory("conformance");
        SuiteRun result = run(List.of("--expected-failures",
                McpClients.SOURCES.resolve("conformance-expected-failures.yml").toString(), "-o", out.toString()));
        System.err.println("conformance suite (whole active suite):\n" + result.run().stdout());
        assertThat(result.run().exit()).as(result.run().all()).isZero();
    }

    @Test
    void everyApplicableScenarioPassesWithoutFailuresOrWarnings() throws Exception {
        for (String scenario : APPLICABLE) {
            SuiteRun result = run(List.of("--scenario", scenario));
            assertThat(result.run().exit()).as(scenario + "\n" + result.run().all()).isZero();
            assertThat(result.run().stdout()).as(scenario + "\n" + result.run().all())
                    .doesNotContain("FAILURE").doesNotContain("WARNING").contains("0 failed, 0 warnings");
            if (!scenario.equals("server-sse-polling")) {
                // server-sse-polling checks priming only on its fixture tool's stream (test_reconnection); this
                // server answers that unknown tool with a JSON -32602, so the suite has no event stream to check:
                // HttpProtocolIT checks the priming event and retry: on this server's own streams
                assertThat(result.run().stdout()).as(scenario).contains("SUCCESS");
            }
        }
    }

    private record SuiteRun(McpClients.Run run) {}

    private SuiteRun run(List<String> extra) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(McpClients.node().toString(),
                McpClients.require("node_modules/@modelcontextprotocol/conformance/dist/index.js").toString(),
                "server", "--url", "http://127.0.0.1:" + forwarder.port() + "/mcp"));
        command.addAll(extra);
        return new SuiteRun(McpClients.run(command, McpClients.dir(), Map.of("NO_COLOR", "1"), 600));
    }
}
