package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 9 through a real MCP client (the Java SDK over streamable HTTP): an agent that
 * floods the queue gets a clear tool error saying which bound it hit and what to do, and nothing
 * more is queued.
 */
class SubmissionLimitsIT {
    private static final String TOKEN = "limits-token-0123456789abcdef";
    private static final Path NO_ROUTES = Path.of("/nonexistent/current-config/routes.yaml");

    private static McpSchema.CallToolResult propose(McpSyncClient client, String routes, String justification) {
        return client.callTool(new McpSchema.CallToolRequest("egress-proxy-block", Map.of("routes", routes,
                "justification", justification, "base_sha256", SupervisedBottle.baseSha256())));
    }

    private static McpSyncClient client(URI endpoint) {
        var transport = HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority()).endpoint(endpoint.getPath())
                .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN)).build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void withTheDefaultsAFloodIsCutOffByTheRateLimit() throws Exception {
        SupervisedBottle bottle = new SupervisedBottle(Duration.ofMillis(200));
        try (SuperviseServer.Listening listening = bottle.server.listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of());
                McpSyncClient client = client(listening.endpoint())) {
            for (int i = 0; i < ProposalPolicy.DEFAULT_MAX_SUBMISSIONS; i++) {
                assertThat(structured(propose(client, SupervisedBottle.routesAdding("h" + i + ".example.com"), "need it")))
                        .containsEntry("status", "pending");
            }
            McpSchema.CallToolResult flooded = propose(client, SupervisedBottle.routesAdding("one-more.example.com"), "need it");

            assertThat(flooded.isError()).isTrue();
            assertThat(structured(flooded)).containsEntry("status", "refused");
            assertThat(text(flooded)).startsWith("Nothing was submitted: ").contains("the limit is 10 per 60 s").contains("Wait ");
            assertThat(bottle.supervisor.queue.list().proposals()).hasSize(ProposalPolicy.DEFAULT_MAX_SUBMISSIONS);
        }
    }

    @Test
    void pendingProposalsAndOversizedOnesAreRefusedWithWhatToDo() throws Exception {
        SupervisedBottle bottle = new SupervisedBottle(Duration.ofMillis(200), NO_ROUTES, null,
                new ProposalPolicy(Duration.ofMinutes(30), 2, 16 * 1024, 1000, Duration.ofMinutes(1)));
        try (SuperviseServer.Listening listening = bottle.server.listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of());
                McpSyncClient client = client(listening.endpoint())) {
            String padded = SupervisedBottle.routesAdding("big.example.com") + ("# " + "A".repeat(98) + "\n").repeat(200);
            McpSchema.CallToolResult big = propose(client, padded, "a big one");
            assertThat(big.isError()).isTrue();
            assertThat(structured(big)).containsEntry("status", "refused");
            assertThat(text(big)).contains("the limit is 16384 bytes per proposal").contains("smaller routes file");

            propose(client, SupervisedBottle.routesAdding("a.example.com"), "first");
            propose(client, SupervisedBottle.routesAdding("b.example.com"), "second");
            McpSchema.CallToolResult third = propose(client, SupervisedBottle.routesAdding("c.example.com"), "third");

            assertThat(third.isError()).isTrue();
            assertThat(text(third)).contains("2 proposals waiting for the operator").contains("proposal-status");
            assertThat(bottle.supervisor.queue.list().proposals()).hasSize(2);
        }
    }
}
