package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw HTTP against the listening server: what a caller without the token, or from a foreign origin, gets. */
class HttpGateIT {
    private static final String TOKEN = "gate-token-0123456789abcdef";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    private SuperviseServer.Listening listening;
    private int port;

    @BeforeEach
    void listen() throws Exception {
        listening = new SupervisedBottle(Duration.ofSeconds(1)).server
                .listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of("supervise.demo.internal"));
        port = listening.endpoint().getPort();
    }

    @AfterEach
    void stop() {
        listening.close();
    }

    @Test
    void aMissingTokenIsRefusedWithoutDetail() throws Exception {
        String response = post("127.0.0.1:" + port, null, null);

        assertThat(response).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Bearer").endsWith("\r\n\r\nunauthorized\n");
        assertThat(response).doesNotContainIgnoringCase("jetty").doesNotContain("mcp-session-id");
    }

    @Test
    void aWrongTokenGetsExactlyTheSameAnswerAsNone() throws Exception {
        assertThat(statusAndBody(post("127.0.0.1:" + port, "Bearer " + TOKEN + "x", null)))
                .isEqualTo(statusAndBody(post("127.0.0.1:" + port, null, null)));
        assertThat(statusAndBody(post("127.0.0.1:" + port, "Basic " + TOKEN, null)))
                .isEqualTo(statusAndBody(post("127.0.0.1:" + port, null, null)));
    }

    @Test
    void aForeignHostOrOriginIsForbiddenEvenWithTheToken() throws Exception {
        assertThat(post("attacker.example:" + port, "Bearer " + TOKEN, null)).startsWith("HTTP/1.1 403");
        assertThat(post("127.0.0.1:" + port, "Bearer " + TOKEN, "https://attacker.example")).startsWith("HTTP/1.1 403");
        assertThat(post("127.0.0.1:" + port, "Bearer " + TOKEN, "null")).startsWith("HTTP/1.1 403");
    }

    @Test
    void theTokenAndAKnownHostOpenASession() throws Exception {
        assertThat(post("127.0.0.1:" + port, "Bearer " + TOKEN, null)).startsWith("HTTP/1.1 200")
                .containsIgnoringCase("mcp-session-id");
        assertThat(post("localhost:" + port, "Bearer " + TOKEN, "http://localhost:" + port)).startsWith("HTTP/1.1 200");
        assertThat(post("supervise.demo.internal:" + port, "Bearer " + TOKEN, null)).startsWith("HTTP/1.1 200");
    }

    private String post(String host, String authorization, String origin) throws Exception {
        byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (origin != null) {
            request.append("Origin: ").append(origin).append("\r\n");
        }
        request.append("\r\n").append(INITIALIZE);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String statusAndBody(String response) {
        return response.substring(0, response.indexOf("\r\n")) + response.substring(response.indexOf("\r\n\r\n"));
    }
}
