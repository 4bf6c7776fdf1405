package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 5: every request on a kept-alive client connection starts from nothing ({@link Exchange}).
 * As an agent would try it — a credentialed request first, then on the same connection a refused one
 * whose body smuggles bytes, pipelined or not, then one to another host — against real upstreams that
 * record every byte: no credential, decision, body or upstream connection of one request reaches another.
 */
class ExchangeIsolationIT {
    static final String SECRET = "ghp_isolation-s3cret-per-request";

    @TempDir
    Path dir;
    ProxyHarness proxy;
    RecordingUpstream first;
    RecordingUpstream second;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {proxy, first, second}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private void startTunnelled() throws Exception {
        first = RecordingUpstream.https();
        proxy = ProxyHarness.start(dir, """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/api/**]
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                """.formatted(first.port()), Map.of("GITHUB_TOKEN", SECRET), List.of(first.caPem()));
    }

    private RawTunnel tunnel() throws Exception {
        return RawTunnel.open(proxy.port(), "localhost:" + first.port(), "localhost", proxy.trustingProxyCa());
    }

    private String host() {
        return "Host: localhost:" + first.port() + "\r\n";
    }

    @Test
    void aRefusedRequestAfterACredentialedOneOnTheSameTunnelCarriesNothingOfItAndItsBodyReachesNoUpstream() throws Exception {
        startTunnelled();
        try (RawTunnel tunnel = tunnel()) {
            assertThat(tunnel.exchange("GET /api/one HTTP/1.1\r\n" + host() + "\r\n")).startsWith("HTTP/1.1 200").endsWith("ok");
            String body = "GET /api/smuggled HTTP/1.1\r\n" + host() + "\r\n";
            String refused = tunnel.exchange("POST /private HTTP/1.1\r\n" + host() + "Content-Length: " + body.length()
                    + "\r\n\r\n" + body);
            assertThat(refused).startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: path-not-allowed").doesNotContain(SECRET);
            assertThat(tunnel.exchange("GET /api/three HTTP/1.1\r\n" + host() + "\r\n")).startsWith("HTTP/1.1 200").endsWith("ok");
        }
        assertThat(first.heads()).hasSize(2);
        assertThat(first.heads().get(0)).startsWith("GET /api/one ").contains("Bearer " + SECRET);
        assertThat(first.heads().get(1)).startsWith("GET /api/three ").contains("Bearer " + SECRET);
        assertThat(first.everythingReceived()).doesNotContain("smuggled").doesNotContain("/private");
        assertThat(first.connections()).isEqualTo(1); // the kept-alive upstream served both allowed requests
    }

    @Test
    void pipelinedRequestsWithARefusedChunkedBodyBetweenThemAreEachDecidedAndFramedOnTheirOwn() throws Exception {
        startTunnelled();
        String smuggled = "GET /api/smuggled HTTP/1.1\r\n" + host() + "\r\n";
        String pipeline = "POST /api/one HTTP/1.1\r\n" + host() + "Content-Length: 5\r\n\r\nfirst"
                + "POST /private HTTP/1.1\r\n" + host() + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(smuggled.length()) + "\r\n" + smuggled + "\r\n0\r\n\r\n"
                + "POST /api/three HTTP/1.1\r\n" + host() + "Content-Length: 5\r\n\r\nthird";
        try (RawTunnel tunnel = tunnel()) {
            tunnel.send(pipeline);
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 403").doesNotContain(SECRET);
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
        }
        assertThat(first.heads()).hasSize(2);
        assertThat(first.heads().get(0)).startsWith("POST /api/one ").contains("Bearer " + SECRET).containsIgnoringCase("content-length: 5");
        assertThat(first.heads().get(1)).startsWith("POST /api/three ").contains("Bearer " + SECRET)
                .containsIgnoringCase("content-length: 5").doesNotContainIgnoringCase("transfer-encoding");
        // the third request's body is forwarded (not dropped as the refused one's was), and nothing else
        assertThat(first.everythingReceived()).endsWith("\r\n\r\nthird").doesNotContain("smuggled").doesNotContain("/private");
        List<JsonNode> decisions = proxy.decisions();
        assertThat(decisions).extracting(d -> d.get("path").asText() + " " + d.get("verdict").asText())
                .containsExactly("/api/one allow", "/private deny", "/api/three allow");
    }

    @Test
    void aRequestWithABodyWhoseUpstreamClosesIsNotAnsweredByResendingTheEarlierRetryableOne() throws Exception {
        first = RecordingUpstream.https((connection, request, head) -> !head.startsWith("POST /api/two "));
        proxy = ProxyHarness.start(dir, """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/api/**]
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                """.formatted(first.port()), Map.of("GITHUB_TOKEN", SECRET), List.of(first.caPem()));
        try (RawTunnel tunnel = tunnel()) {
            assertThat(tunnel.exchange("GET /api/warm HTTP/1.1\r\n" + host() + "\r\n")).startsWith("HTTP/1.1 200");
            // a bodyless GET on the reused upstream: the proxy may send it again if that upstream drops it
            assertThat(tunnel.exchange("GET /api/one HTTP/1.1\r\n" + host() + "\r\n")).startsWith("HTTP/1.1 200");
            String answer = tunnel.exchange("POST /api/two HTTP/1.1\r\n" + host() + "Content-Length: 3\r\n\r\ntwo");
            assertThat(answer).startsWith("HTTP/1.1 502").contains("upstream-closed").doesNotContain(SECRET);
        }
        assertThat(first.heads()).extracting(h -> h.substring(0, h.indexOf(" HTTP/")))
                .containsExactly("GET /api/warm", "GET /api/one", "POST /api/two"); // /api/one was not sent again
        assertThat(first.connections()).isEqualTo(1);
    }

    @Test
    void onAPlainProxyConnectionEachRequestGoesToItsOwnHostAndARefusedOneBetweenThemToNone() throws Exception {
        first = RecordingUpstream.plain();
        second = RecordingUpstream.plain();
        int unrouted = freePort();
        proxy = ProxyHarness.start(dir, """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                  - host: localhost
                    port: %d
                    allow_private: true
                """.formatted(first.port(), second.port()), Map.of(), List.of());
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(15_000);
            String a = "localhost:" + first.port();
            String b = "localhost:" + second.port();
            String c = "localhost:" + unrouted;
            assertThat(exchange(socket, "POST http://" + a + "/x HTTP/1.1\r\nHost: " + a + "\r\nContent-Length: 7\r\n\r\nfor-a-1"))
                    .startsWith("HTTP/1.1 200");
            assertThat(exchange(socket, "GET http://" + b + "/y HTTP/1.1\r\nHost: " + b + "\r\n\r\n")).startsWith("HTTP/1.1 200");
            assertThat(exchange(socket, "POST http://" + c + "/z HTTP/1.1\r\nHost: " + c + "\r\nContent-Length: 7\r\n\r\nfor-c-3"))
                    .startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: port-not-allowed");
            assertThat(exchange(socket, "GET http://" + a + "/w HTTP/1.1\r\nHost: " + a + "\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
        assertThat(first.heads()).extracting(h -> h.substring(0, h.indexOf(" HTTP/"))).containsExactly("POST /x", "GET /w");
        assertThat(first.heads().get(1)).doesNotContainIgnoringCase("content-length");
        assertThat(second.heads()).extracting(h -> h.substring(0, h.indexOf(" HTTP/"))).containsExactly("GET /y");
        assertThat(second.everythingReceived()).doesNotContain("for-a-1").doesNotContain("for-c-3");
        assertThat(first.everythingReceived()).doesNotContain("for-c-3").doesNotContain("/y ");
        assertThat(proxy.decisions()).extracting(d -> d.get("port").asInt() + " " + d.get("verdict").asText())
                .containsExactly(first.port() + " allow", second.port() + " allow", unrouted + " deny", first.port() + " allow");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Sends one request and reads one Content-Length framed response. */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        String head = RawTunnel.readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
