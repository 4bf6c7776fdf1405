package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream pool ({@link UpstreamPool}) as an agent opening a new connection per request meets it, against a real
 * TLS upstream that counts its connections and records every byte: one upstream connection serves requests of
 * several client connections, each still decided on its own and carrying only its own credential; a connection that
 * is not at a clean boundary, or that the upstream closed, is never lent; a request on a lent connection that the
 * upstream drops is sent again only if it is a bodyless GET/HEAD.
 */
class UpstreamPoolIT {
    static final String SECRET = "ghp_pool-s3cret-per-request";

    @TempDir
    Path dir;
    ProxyHarness proxy;
    RecordingUpstream upstream;
    RecordingUpstream other;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {proxy, upstream, other}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String routes(int port) {
        return routes(port, true);
    }

    private static String routes(int port, boolean withAuth) {
        return """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/api/**]
                """.formatted(port) + (withAuth ? """
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                """ : "");
    }

    private void start(RecordingUpstream up) throws Exception {
        upstream = up;
        proxy = ProxyHarness.start(dir, routes(up.port()), Map.of("GITHUB_TOKEN", SECRET), List.of(up.caPem()));
    }

    /** One request on a new client connection (CONNECT, TLS, request, response, close), as the agent's new-connection-per-request client does. */
    private String onNewConnection(String method, String path, String extraHeaders) throws Exception {
        try (RawTunnel tunnel = RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost", proxy.trustingProxyCa())) {
            return tunnel.exchange(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + upstream.port() + "\r\n"
                    + (extraHeaders.contains("\r\n\r\n") ? extraHeaders : extraHeaders + "\r\n"));
        }
    }

    private String get(String path) throws Exception {
        return onNewConnection("GET", path, "");
    }

    /** The proxy files a released connection on the client connection's close, asynchronously: give it the moment it needs. */
    private static void settle() throws InterruptedException {
        Thread.sleep(200);
    }

    @Test
    void requestsOfSeveralClientConnectionsShareUpstreamConnectionsEachCarryingOnlyItsOwnHeaders() throws Exception {
        start(RecordingUpstream.https());
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // Netty's default event loop count
        for (int i = 0; i < 2 * loops; i++) {
            String own = i % 2 == 0 ? "X-Agent-Note: note-of-" + i + "\r\nAuthorization: Bearer agent-fake-" + i + "\r\n" : "";
            assertThat(onNewConnection("GET", "/api/" + i, own)).startsWith("HTTP/1.1 200").endsWith("ok");
            settle();
        }
        assertThat(upstream.connections()).isLessThan(2 * loops);
        List<String> heads = upstream.heads();
        assertThat(heads).hasSize(2 * loops);
        for (int i = 0; i < heads.size(); i++) {
            String head = heads.get(i);
            assertThat(head).startsWith("GET /api/" + i + " ").contains("Bearer " + SECRET).doesNotContain("agent-fake");
            assertThat(count(List.of(head.toLowerCase().split("\r\n")), "authorization:")).isEqualTo(1);
            if (i % 2 == 0) {
                assertThat(head).contains("X-Agent-Note: note-of-" + i);
            } else {
                assertThat(head).doesNotContain("X-Agent-Note");
            }
        }
    }

    @Test
    void aCredentialInjectedBeforeAReloadIsNotOnTheNextRequestOverTheSameConnectionAfterTheReloadRemovedIt() throws Exception {
        start(RecordingUpstream.https());
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < loops; i++) {
            assertThat(get("/api/before" + i)).startsWith("HTTP/1.1 200");
            settle();
        }
        int opened = upstream.connections();
        proxy.writeRoutes(routes(upstream.port(), false));
        assertThat(proxy.proxy.reloadNow()).isTrue();
        for (int i = 0; i < loops; i++) {
            assertThat(get("/api/after" + i)).startsWith("HTTP/1.1 200");
            settle();
        }
        assertThat(upstream.connections()).isLessThan(opened + loops); // at least one went over a pooled connection
        assertThat(upstream.heads().stream().filter(h -> h.startsWith("GET /api/after"))).hasSize(loops)
                .noneMatch(h -> h.contains(SECRET)).noneMatch(h -> h.toLowerCase().contains("authorization"));
    }

    @Test
    void sequentialClientConnectionsOnOneEventLoopReuseTheSameUpstreamConnection() throws Exception {
        start(RecordingUpstream.https());
        for (int i = 0; i < 12; i++) {
            assertThat(get("/api/" + i)).startsWith("HTTP/1.1 200");
            settle();
        }
        // twelve client connections spread over at most 2 × cores event loops: one upstream connection per loop at most
        assertThat(upstream.connections()).isLessThanOrEqualTo(2 * Runtime.getRuntime().availableProcessors()).isLessThan(12);
    }

    @Test
    void aDeniedRequestNeverTouchesThePoolAndAReloadThatRemovesTheHostDeniesTheNextRequestDespiteAnIdleConnection() throws Exception {
        start(RecordingUpstream.https());
        assertThat(get("/api/one")).startsWith("HTTP/1.1 200");
        settle();
        assertThat(get("/private")).startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: path-not-allowed");
        assertThat(upstream.heads()).hasSize(1);
        proxy.writeRoutes("routes: []\n");
        assertThat(proxy.proxy.reloadNow()).isTrue();
        for (int i = 0; i < 6; i++) { // whichever event loop, an idle connection to the host may be waiting there
            assertThat(get("/api/after-reload")).startsWith("HTTP/1.1 403");
        }
        assertThat(upstream.heads()).hasSize(1);
        assertThat(upstream.everythingReceived()).doesNotContain("/private").doesNotContain("after-reload");
    }

    @Test
    void noConnectionIsSharedBetweenDifferentPorts() throws Exception {
        start(RecordingUpstream.https());
        other = RecordingUpstream.https();
        proxy.close();
        proxy = ProxyHarness.start(dir, routes(upstream.port()) + """
                  - host: localhost
                    port: %d
                    allow_private: true
                """.formatted(other.port()), Map.of("GITHUB_TOKEN", SECRET), List.of(upstream.caPem(), other.caPem()));
        for (int i = 0; i < 6; i++) {
            assertThat(get("/api/" + i)).startsWith("HTTP/1.1 200");
            try (RawTunnel tunnel = RawTunnel.open(proxy.port(), "localhost:" + other.port(), "localhost", proxy.trustingProxyCa())) {
                assertThat(tunnel.exchange("GET /x" + i + " HTTP/1.1\r\nHost: localhost:" + other.port() + "\r\n\r\n"))
                        .startsWith("HTTP/1.1 200");
            }
            settle();
        }
        assertThat(upstream.heads()).hasSize(6).allMatch(h -> h.startsWith("GET /api/"));
        assertThat(other.heads()).hasSize(6).allMatch(h -> h.startsWith("GET /x")).noneMatch(h -> h.contains(SECRET));
    }

    @Test
    void aConnectionTheUpstreamAskedToCloseIsNeverLent() throws Exception {
        start(RecordingUpstream.httpsAnswering((connection, request, head) ->
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
        for (int i = 0; i < 4; i++) {
            assertThat(get("/api/" + i)).startsWith("HTTP/1.1 200");
            settle();
        }
        assertThat(upstream.connections()).isEqualTo(4);
    }

    @Test
    void aConnectionWhoseResponseTheClientDidNotReadToItsEndIsNeverLent() throws Exception {
        String big = "x".repeat(4 * 1024 * 1024);
        start(RecordingUpstream.httpsAnswering((connection, request, head) -> head.startsWith("GET /api/big ")
                ? "HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n\r\n" + big
                : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        try (RawTunnel tunnel = RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost", proxy.trustingProxyCa())) {
            tunnel.send("GET /api/big HTTP/1.1\r\nHost: localhost:" + upstream.port() + "\r\n\r\n");
            InputStream in = tunnel.input();
            assertThat(new String(in.readNBytes(12))).isEqualTo("HTTP/1.1 200");
        } // closed with most of the body unread
        settle();
        for (int i = 0; i < 6; i++) {
            String response = get("/api/small" + i);
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("ok").doesNotContain("xxxx");
            settle();
        }
        assertThat(upstream.heads()).hasSize(7);
        // the first connection carried only the big request: the small ones went elsewhere
        assertThat(upstream.connections()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anIdleConnectionTheUpstreamClosesLeavesThePoolAndTheNextRequestSucceeds() throws Exception {
        start(RecordingUpstream.https());
        for (int i = 0; i < 4; i++) {
            assertThat(get("/api/" + i)).startsWith("HTTP/1.1 200");
            settle();
        }
        int before = upstream.connections();
        upstream.closeConnections();
        settle();
        for (int i = 0; i < 4; i++) {
            assertThat(get("/api/again" + i)).startsWith("HTTP/1.1 200").endsWith("ok");
            settle();
        }
        assertThat(upstream.connections()).isGreaterThan(before);
        assertThat(upstream.heads()).hasSize(8);
    }

    @Test
    void aLentConnectionDroppedBeforeAnsweringResendsABodylessGetOnAFreshOneButNeverAPost() throws Exception {
        // every connection answers its first request and drops its second without answering (the keep-alive race)
        start(RecordingUpstream.https((connection, request, head) -> request == 1));
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // Netty's default event loop count
        for (int i = 0; i < 2 * loops; i++) {
            assertThat(get("/api/get" + i)).startsWith("HTTP/1.1 200").endsWith("ok");
            settle();
        }
        // some GETs went on a lent connection, were dropped and were sent again on a fresh one
        assertThat(upstream.heads().size()).isGreaterThan(2 * loops);
        assertThat(upstream.heads()).allMatch(h -> h.startsWith("GET /api/get"));
        // now every event loop holds an idle connection that has answered once: the POST is lent one and dropped
        String answer = onNewConnection("POST", "/api/post", "Content-Length: 4\r\n\r\nbody");
        assertThat(answer).startsWith("HTTP/1.1 502").contains("upstream-closed").doesNotContain(SECRET);
        settle();
        assertThat(count(upstream.heads(), "POST /api/post ")).isEqualTo(1); // not replayed
    }

    private static int count(List<String> heads, String prefix) {
        return (int) heads.stream().filter(h -> h.startsWith(prefix)).count();
    }
}
