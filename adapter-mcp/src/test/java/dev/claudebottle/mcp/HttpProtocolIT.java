package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streamable HTTP against everything a broken or hostile client can send: every refusal is a JSON-RPC error object. */
class HttpProtocolIT {
    private static final String TOKEN = "protocol-token-0123456789";
    private static final String BOTH = "application/json, text/event-stream";

    private final SupervisedBottle bottle = new SupervisedBottle(Duration.ofSeconds(20));
    private final HttpClient http = HttpClient.newHttpClient();
    private SuperviseServer.Listening listening;
    private URI endpoint;

    @BeforeEach
    void listen() throws Exception {
        listening = bottle.server.listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of());
        endpoint = listening.endpoint();
    }

    @AfterEach
    void stop() {
        listening.close();
    }

    @Test
    void aBodyThatIsNotJsonIsAParseError() throws Exception {
        for (String body : List.of("not json", "{\"jsonrpc\":", "", "}")) {
            var response = post(null, body, Map.of());
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertJsonRpcError(response, -32700);
        }
    }

    @Test
    void jsonThatIsNotAMessageIsAnInvalidRequest() throws Exception {
        String session = initialize("2025-11-25");
        for (String body : List.of("42", "{}", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", "[]",
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")) {
            var response = post(session, body, Map.of());
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertJsonRpcError(response, -32600);
        }
    }

    @Test
    void aBatchIsAnsweredAsOneArrayIn2025_03_26SessionsAndRefusedInLaterOnes() throws Exception {
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"},\"junk\","
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"proposal-status\","
                + "\"arguments\":{\"proposal_id\":\"p-aaaaaaaaaaaa\"}}}]";
        String old = initialize("2025-03-26");
        var response = post(old, batch, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<?> answers = McpJsonDefaults.getMapper().readValue(response.body(), List.class);
        assertThat(answers).hasSize(5);
        assertThat(response.body()).contains("egress-proxy-block").contains("\"id\":\"two\",\"result\":{}")
                .contains("-32600").contains("Unknown tool: 'x'").contains("\"status\":\"unknown\"")
                .doesNotContain("stackTrace");
        assertThat(post(old, "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}]", Map.of()).statusCode())
                .isEqualTo(202);
        assertStatusAndError(post(old, "[]", Map.of()), 400, -32600);
        for (String revision : List.of("2025-06-18", "2025-11-25")) {
            var refused = post(initialize(revision), batch, Map.of());
            assertStatusAndError(refused, 400, -32600);
            assertThat(refused.body()).contains(revision);
        }
    }

    @Test
    void invalidToolCallParamsAreMinus32602OnAJsonAnswer() throws Exception {
        String session = initialize("2025-11-25");
        for (String params : List.of("", ",\"params\":{}", ",\"params\":{\"name\":\"egress-proxy-block\",\"arguments\":\"x\"}",
                ",\"params\":{\"name\":\"proposal-status\",\"arguments\":[1]}", ",\"params\":{\"name\":\"nope\"}")) {
            var response = post(session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\"" + params + "}", Map.of());
            assertThat(response.statusCode()).as(params).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            Map<String, Object> error = assertJsonRpcError(response, -32602);
            assertThat(error).containsEntry("id", 4);
        }
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}",
                Map.of()).body()).contains("Unknown tool: 'nope'");
        var level = post(session, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}",
                Map.of());
        assertJsonRpcError(level, -32602);
    }

    @Test
    void errorStatusesCarryJsonRpcErrorsNeverJavaExceptions() throws Exception {
        String session = initialize("2025-11-25");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        assertStatusAndError(post(null, ping, Map.of()), 400, -32600);
        assertStatusAndError(post("no-such-session", ping, Map.of()), 404, -32001);
        assertStatusAndError(send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "text/plain").header("Accept", BOTH).header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString(ping))), 415, -32600);
        assertStatusAndError(send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Mcp-Session-Id", session).POST(HttpRequest.BodyPublishers.ofString(ping))), 406, -32600);
        assertStatusAndError(send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream").GET()), 400, -32600);
        assertStatusAndError(send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", "gone").GET()), 404, -32001);
        assertStatusAndError(send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Mcp-Session-Id", "gone").DELETE()), 404, -32001);
        assertStatusAndError(send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(ping))), 405, -32600);
    }

    @Test
    void aFloodOfSessionsIsBoundedTheLeastRecentlyUsedIsEndedAndAnInUseSessionLivesOn() throws Exception {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        String kept = initialize("2025-11-25");
        String oldest = initialize("2025-11-25");
        for (int i = 0; i < HttpProtocolGate.MAX_SESSIONS; i++) {
            if (i % 50 == 0) {
                assertThat(post(kept, ping, Map.of()).statusCode()).isEqualTo(200); // in use: never the eldest
            }
            var response = post(null, StdioWire.INITIALIZE.formatted("2025-11-25"), Map.of());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertStatusAndError(post(oldest, ping, Map.of()), 404, -32001);
        assertThat(post(kept, ping, Map.of()).body()).contains("\"result\":{}");
        assertThat(post(initialize("2025-11-25"), ping, Map.of()).body()).contains("\"result\":{}");
    }

    @Test
    void anInitializeCarryingMegabytesOfClientInfoIsRefusedAndOpensNoSession() throws Exception {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"" + "x".repeat(4 * 1024 * 1024)
                + "\",\"version\":\"1\"}}}";
        var response = post(null, huge, Map.of());
        assertStatusAndError(response, 400, -32600);
        assertThat(response.body()).contains(String.valueOf(HttpProtocolGate.MAX_INITIALIZE_BYTES));
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
    }

    @Test
    void aResponseForAnUnknownIdIsAcceptedAndIgnored() throws Exception {
        String session = initialize("2025-11-25");
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"id\":\"never-asked\",\"result\":{}}", Map.of()).statusCode())
                .isEqualTo(202);
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}", Map.of()).body())
                .contains("\"result\":{}");
    }

    @Test
    void anUnsupportedProtocolVersionHeaderIs400AndNegotiationMatchesStdio() throws Exception {
        String session = initialize("2025-11-25");
        for (String version : List.of("2024-11-05", "1999-01-01", "garbage", "2025-11-25 x")) {
            var response = post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                    Map.of("MCP-Protocol-Version", version));
            assertThat(response.statusCode()).as(version).isEqualTo(400);
            assertThat(assertJsonRpcError(response, -32600).toString()).contains("Unsupported MCP-Protocol-Version");
        }
        for (var asked : Map.of("2025-03-26", "2025-03-26", "2025-06-18", "2025-06-18", "2024-11-05", "2025-11-25")
                .entrySet()) {
            var response = post(null, StdioWire.INITIALIZE.formatted(asked.getKey()), Map.of());
            assertThat(response.body()).as(asked.getKey()).contains("\"protocolVersion\":\"" + asked.getValue() + "\"");
        }
    }

    @Test
    void aGetStreamSendsItsHeadersAtOnceWithAPrimingEvent() throws Exception {
        String session = initialize("2025-11-25");
        var response = http.sendAsync(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25").GET().build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(3, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (InputStream body = response.body()) {
            String priming = readEvent(body);
            assertThat(priming).contains("retry: ").contains("id: ").contains("data: ");
        }
    }

    @Test
    void anIdleStreamGetsKeepAliveCommentsSoClientsNeverTakeItForDead() throws Exception {
        String session = initialize("2025-06-18");
        var response = http.sendAsync(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(3, TimeUnit.SECONDS);
        try (InputStream body = response.body()) {
            // the bottle's progress interval is 2 s (a tenth of its 20 s wait bound); no priming for 2025-06-18
            assertThat(readEvent(body, 5)).isEqualTo(": keep-alive\n\n");
            assertThat(readEvent(body, 5)).isEqualTo(": keep-alive\n\n");
        }
    }

    @Test
    void aToolCallStreamSendsItsHeadersAtOnce() throws Exception {
        String session = initialize("2025-06-18");
        var response = http.sendAsync(request(session, callBlock(9, false), Map.of("MCP-Protocol-Version", "2025-06-18")),
                HttpResponse.BodyHandlers.ofInputStream()).get(3, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        response.body().close();
    }

    @Test
    void cancellationEndsTheWaitAtOnceWithNoResultAndTheProposalStaysQueued() throws Exception {
        String session = initialize("2025-11-25");
        var response = http.sendAsync(request(session, callBlock(10, true), Map.of("MCP-Protocol-Version", "2025-11-25")),
                HttpResponse.BodyHandlers.ofInputStream()).get(3, TimeUnit.SECONDS);
        var id = bottle.awaitUndecided(1, Duration.ofSeconds(10)).getFirst().id();
        try (InputStream body = response.body()) {
            assertThat(readEvent(body)).contains("retry: ");
            long start = System.nanoTime();
            assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                    + "{\"requestId\":10,\"reason\":\"user\"}}", Map.of()).statusCode()).isEqualTo(202);
            String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(rest).doesNotContain("\"result\"").doesNotContain("\"id\":10");
        }
        assertThat(bottle.supervisor.queue.list().awaitingDecision()).extracting(r -> r.id()).containsExactly(id);
        bottle.approve(id);
        var status = post(session, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"proposal-status\",\"arguments\":{\"proposal_id\":\"" + id + "\"}}}", Map.of());
        assertThat(status.body()).contains("\"applied\"");
    }

    @Test
    void anUploadOverTheLimitAlwaysGetsItsStatusNeverAReset() throws Exception {
        byte[] huge = new byte[SdkSuperviseServer.MAX_MESSAGE_BYTES + 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        for (boolean chunked : List.of(false, true)) {
            try (Socket socket = new Socket("127.0.0.1", endpoint.getPort())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n"
                        + "Content-Type: application/json\r\nAccept: " + BOTH + "\r\n"
                        + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + huge.length + "\r\n")
                        + "\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int off = 0; off < huge.length; off += 64 * 1024) {
                    int len = Math.min(64 * 1024, huge.length - off);
                    if (chunked) {
                        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(huge, off, len);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                String head = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertThat(head).as("chunked=" + chunked).startsWith("HTTP/1.1 413");
            }
        }
    }

    private static String callBlock(int id, boolean progress) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{"
                + (progress ? "\"_meta\":{\"progressToken\":\"t" + id + "\"}," : "")
                + "\"name\":\"egress-proxy-block\",\"arguments\":{\"routes\":"
                + JsonRpc.write(SupervisedBottle.routesAdding("api" + id + ".example.com"))
                + ",\"justification\":\"the task needs it\",\"base_sha256\":\"" + SupervisedBottle.baseSha256() + "\"}}}";
    }

    /** One SSE event (up to its blank line). */
    private static String readEvent(InputStream body) throws Exception {
        return readEvent(body, 3);
    }

    private static String readEvent(InputStream body, int seconds) throws Exception {
        CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> {
            StringBuilder text = new StringBuilder();
            try {
                int c;
                while ((c = body.read()) != -1) {
                    text.append((char) c);
                    if (text.toString().endsWith("\n\n")) {
                        break;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return text.toString();
        }, NodeAgents.OFF_COMMON_POOL);
        return event.get(seconds, TimeUnit.SECONDS);
    }

    private String initialize(String revision) throws Exception {
        var response = post(null, StdioWire.INITIALIZE.formatted(revision), Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of()).statusCode())
                .isEqualTo(202);
        return session;
    }

    private HttpRequest request(String session, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").header("Accept", BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        headers.forEach(builder::header);
        return builder.build();
    }

    private HttpResponse<String> post(String session, String body, Map<String, String> headers) throws Exception {
        return http.send(request(session, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStatusAndError(HttpResponse<String> response, int status, int code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertJsonRpcError(response, code);
    }

    private static Map<String, Object> assertJsonRpcError(HttpResponse<String> response, int code) throws Exception {
        String body = response.body();
        if (body.startsWith("event:") || body.startsWith("id:")) {
            body = body.lines().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow().substring(6);
        }
        assertThat(body).doesNotContain("stackTrace").doesNotContain("java.").doesNotContain("Exception")
                .doesNotContainIgnoringCase("jetty");
        Map<String, Object> error = McpJsonDefaults.getMapper().readValue(body, NodeAgents.REPORT);
        assertThat(error).containsEntry("jsonrpc", "2.0").containsKey("id");
        assertThat(((Map<?, ?>) error.get("error")).get("code")).as(body).isEqualTo(code);
        return error;
    }
}
