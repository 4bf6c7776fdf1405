package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalRecord;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MCP Java SDK client against the server over streamable HTTP. */
class JavaClientIT {
    private static final String TOKEN = "java-token-0123456789abcdef";

    private final SupervisedBottle bottle = new SupervisedBottle(Duration.ofSeconds(3));
    private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private SuperviseServer.Listening listening;

    @AfterEach
    void stop() {
        if (listening != null) {
            listening.close();
        }
    }

    private McpSyncClient client(String token, Duration requestTimeout) throws Exception {
        if (listening == null) {
            listening = bottle.server.listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of());
        }
        URI endpoint = listening.endpoint();
        var transport = HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority())
                .endpoint(endpoint.getPath())
                .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(requestTimeout).progressConsumer(progress::add).build();
    }

    @Test
    void listsToolsAndGetsAnAppliedResultWithProgress() throws Exception {
        try (McpSyncClient client = client(TOKEN, Duration.ofSeconds(30))) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("egress-proxy-block", "proposal-status");

            String routes = SupervisedBottle.routesAdding("repo.maven.apache.org");
            CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> client.callTool(
                    McpSchema.CallToolRequest.builder().name("egress-proxy-block").progressToken("p1")
                            .arguments(Map.of("routes", routes, "justification", "mvn needs Maven Central",
                                    "base_sha256", SupervisedBottle.baseSha256()))
                            .build()), NodeAgents.OFF_COMMON_POOL);
            ProposalRecord queued = bottle.awaitUndecided(1, Duration.ofSeconds(10)).getFirst();
            Thread.sleep(1_000);
            bottle.approve(queued.id());

            McpSchema.CallToolResult result = call.get(30, TimeUnit.SECONDS);
            assertThat(result.isError()).isFalse();
            assertThat(structured(result)).containsEntry("status", "applied")
                    .containsEntry("new_sha256", ConfigFile.of(routes).sha256().hex());
            assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("p1"));
            assertThat(progress).extracting(McpSchema.ProgressNotification::progress).isSorted();
        }
    }

    @Test
    void noProgressIsSentToAClientThatDidNotAskForIt() throws Exception {
        try (McpSyncClient client = client(TOKEN, Duration.ofSeconds(30))) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("egress-proxy-block", Map.of(
                    "routes", SupervisedBottle.routesAdding("example.org"), "justification", "docs",
                    "base_sha256", SupervisedBottle.baseSha256())));

            assertThat(structured(result)).containsEntry("status", "pending");
            assertThat(progress).isEmpty();
        }
    }

    @Test
    void aProposalOutlivesAClientThatGaveUpAndItsOutcomeIsDeliveredOnTheNextWait() throws Exception {
        String routes = SupervisedBottle.routesAdding("crates.io");
        try (McpSyncClient impatient = client(TOKEN, Duration.ofMillis(800))) {
            impatient.initialize();
            assertThatThrownBy(() -> impatient.callTool(new McpSchema.CallToolRequest("egress-proxy-block", Map.of(
                    "routes", routes, "justification", "cargo build", "base_sha256", SupervisedBottle.baseSha256()))))
                    .hasMessageContaining("imeout");
        }
        ProposalRecord queued = bottle.awaitUndecided(1, Duration.ofSeconds(10)).getFirst();
        bottle.approve(queued.id());

        try (McpSyncClient client = client(TOKEN, Duration.ofSeconds(30))) {
            client.initialize();
            McpSchema.CallToolResult again = client.callTool(new McpSchema.CallToolRequest("proposal-status",
                    Map.of("proposal_id", queued.id().value())));
            McpSchema.CallToolResult resubmitted = client.callTool(new McpSchema.CallToolRequest("egress-proxy-block",
                    Map.of("routes", routes, "justification", "cargo build", "base_sha256", SupervisedBottle.baseSha256())));

            assertThat(structured(again)).containsEntry("status", "applied").containsEntry("proposal_id", queued.id().value());
            assertThat(structured(resubmitted)).containsEntry("status", "applied")
                    .containsEntry("proposal_id", queued.id().value());
        }
        assertThat(bottle.supervisor.queue.list().proposals()).hasSize(1);
    }

    @Test
    void anotherBottlesProposalIdIsUnknownHere() throws Exception {
        try (McpSyncClient client = client(TOKEN, Duration.ofSeconds(30))) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("proposal-status",
                    Map.of("proposal_id", "p-aaaaaaaaaaaa")));

            assertThat(result.isError()).isTrue();
            assertThat(structured(result)).containsEntry("status", "unknown");
        }
    }

    @Test
    void aWrongTokenCannotEvenInitialize() throws Exception {
        try (McpSyncClient client = client("wrong-token-0123456789abcdef", Duration.ofSeconds(10))) {
            assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
        }
        assertThat(bottle.supervisor.queue.list().proposals()).isEmpty();
    }

    @Test
    void aStorageFailureIsAnInternalErrorThatRevealsNoPaths() throws Exception {
        var failing = new UnreadableQueue("/var/secret/state/bottles/demo: I/O error");
        listening = new SupervisedBottle(Duration.ofSeconds(3), java.nio.file.Path.of("/nonexistent"), failing).server
                .listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of());
        try (McpSyncClient client = client(TOKEN, Duration.ofSeconds(30))) {
            client.initialize();
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("proposal-status",
                    Map.of("proposal_id", "p-aaaaaaaaaaaa"))))
                    .hasMessageContaining("could not handle this call")
                    .hasMessageNotContaining("/var/secret");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }
}
