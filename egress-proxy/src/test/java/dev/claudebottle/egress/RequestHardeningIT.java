package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 items 1, 3, 4, 5, 10, 11 and 13, as an attacker inside the bottle would try them: real TLS
 * through the real proxy to a real upstream that records every byte it receives. Each refused request
 * must reach no upstream at all, and the injected credential must never leave the proxy for it.
 */
class RequestHardeningIT {
    static final String SECRET = "ghp_hardening-s3cret-never-sent";

    @TempDir
    Path dir;
    RecordingUpstream upstream;
    ProxyHarness proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** A route with a credential and (unless {@code extra} says otherwise) no method or path restriction. */
    private void start(String extra, ProxyOptions.Limits limits) throws Exception {
        upstream = RecordingUpstream.https();
        proxy = ProxyHarness.start(dir, """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                %s""".formatted(upstream.port(), extra), Map.of("GITHUB_TOKEN", SECRET), List.of(upstream.caPem()), limits, n -> null);
    }

    private void start(String extra) throws Exception {
        start(extra, ProxyOptions.Limits.defaults());
    }

    private RawTunnel tunnel() throws Exception {
        return RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost", proxy.trustingProxyCa());
    }

    private String host() {
        return "Host: localhost:" + upstream.port() + "\r\n";
    }

    private void assertNothingReachedTheUpstream() {
        assertThat(upstream.connections()).isZero();
        assertThat(upstream.everythingReceived()).isEmpty();
    }

    // --- item 1: forward exactly what was decided

    @Test
    void aFragmentInTheTargetIsRefusedWith400BeforeAnyUpstreamConnection() throws Exception {
        start("    path_allowlist: [/repos/acme/**]\n");
        for (String target : List.of("/repos/acme/#/../../other", "/repos/acme/x#", "/repos/acme/x?q=1#/../../other",
                "/repos/acme/%23/../x#")) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange("GET " + target + " HTTP/1.1\r\n" + host() + "\r\n");
                assertThat(response).as(target).startsWith("HTTP/1.1 400").contains("X-Egress-Proxy-Block: unsafe-path");
            }
        }
        assertNothingReachedTheUpstream();
        List<JsonNode> decisions = proxy.decisions();
        assertThat(decisions).hasSize(4).allSatisfy(d -> {
            assertThat(d.get("verdict").asText()).isEqualTo("deny");
            assertThat(d.get("reason").asText()).isEqualTo("unsafe-path");
        });
        assertThat(decisions.get(0).get("path").asText()).isEqualTo("/repos/acme/#/../../other"); // as sent, not "/repos/acme/"
    }

    @Test
    void targetsServersCouldReadAsAnotherPathAreRefusedNotForwarded() throws Exception {
        start("    path_allowlist: [/repos/acme/**]\n");
        List<String> targets = List.of("/repos/acme/..%20/..%20/other", "/repos/acme/x/..%20%20/../../other", "/repos/acme/.../other",
                "/repos/acme/x./y", "/repos/acme/x%20/y", "/repos/acme/.%20./other", "/repos/acme/...;x/other",
                "/repos/acme/%EF%BC%8E%EF%BC%8E/%EF%BC%8E%EF%BC%8E/other", "/repos/acme/x%EF%BC%8F..%EF%BC%8F..%EF%BC%8Fother",
                "/repos/acme/%E2%80%A5/%E2%80%A5/other", "/repos/acme/x%E2%88%95..%E2%88%95other", "/repos/acme/..%C2%A0/other",
                "/repos/acme/%C0%AE%C0%AE/%C0%AE%C0%AE/other", "/repos/acme/%E0%80%AE%E0%80%AE/other", "/repos/acme/%F0%80%80%AE/other",
                "/repos/acme/%C0%AF../other", "/repos/acme/x%5C..%5C..%5Cother", "/repos/acme/x\\..\\..\\other",
                "/repos/acme/..;/..;/other", "/repos/acme/%2e%2e%3b/other", "/repos/acme/%00/x", "/repos/acme/x%0d%0aX-Injected:%201",
                "/repos/acme/%252e%252e/other", "/repos/acme//x", "/repos/acme/%2F../other", "/repos/acme/%u002e%u002e/other");
        for (String target : targets) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange("GET " + target + " HTTP/1.1\r\n" + host() + "\r\n");
                assertThat(response).as(target).startsWith("HTTP/1.1 400").contains("X-Egress-Proxy-Block: unsafe-path");
            }
        }
        assertNothingReachedTheUpstream();
    }

    @Test
    void theUpstreamReceivesTheNormalisedTargetTheMatcherDecidedAndTheLogRecordsIt() throws Exception {
        start("    path_allowlist: [/repos/acme/**]\n");
        try (RawTunnel tunnel = tunnel()) {
            String response = tunnel.exchange("GET /repos/acme/x/./y/../%7Ez;v=1/%61b%3f?q=../../other&r=%2F HTTP/1.1\r\n" + host()
                    + "\r\n");
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("ok");
        }
        assertThat(upstream.heads()).singleElement().satisfies(head -> assertThat(head)
                .startsWith("GET /repos/acme/x/~z;v=1/ab%3F?q=../../other&r=%2F HTTP/1.1\r\n")
                .contains("\r\nAuthorization: Bearer " + SECRET + "\r\n"));
        assertThat(proxy.decisions()).singleElement().satisfies(d -> {
            assertThat(d.get("verdict").asText()).isEqualTo("allow");
            assertThat(d.get("path").asText()).isEqualTo("/repos/acme/x/~z;v=1/ab%3F");
        });
    }

    @Test
    void aDenialOfARewrittenPathSaysWhatItWasNormalisedFrom() throws Exception {
        start("    path_allowlist: [/repos/acme/**]\n");
        try (RawTunnel tunnel = tunnel()) {
            String response = tunnel.exchange("GET /repos/acme/%2e%2e/other?token=abc HTTP/1.1\r\n" + host() + "\r\n");
            assertThat(response).startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: path-not-allowed")
                    .contains("\"path\":\"/repos/other\"", "normalised from '/repos/acme/%2e%2e/other'").doesNotContain("token=abc");
        }
        assertNothingReachedTheUpstream();
        assertThat(proxy.decisions()).singleElement().satisfies(d -> assertThat(d.get("path").asText()).isEqualTo("/repos/other"));
    }

    @Test
    void plainHttpAbsoluteFormWithAFragmentOrLookalikeIsRefusedToo() throws Exception {
        try (RecordingUpstream plain = RecordingUpstream.plain()) {
            proxy = ProxyHarness.start(dir, """
                    routes:
                      - host: localhost
                        port: %d
                        allow_private: true
                        path_allowlist: [/repos/acme/**]
                    """.formatted(plain.port()), Map.of(), List.of());
            for (String target : List.of("/repos/acme/#/../../other", "/repos/acme/..%20/..%20/other", "/repos/acme/%EF%BC%8E%EF%BC%8E/x")) {
                try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(("GET http://localhost:" + plain.port() + target + " HTTP/1.1\r\nHost: localhost:"
                            + plain.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    assertThat(RawTunnel.readHead(socket.getInputStream())).as(target).startsWith("HTTP/1.1 400")
                            .contains("X-Egress-Proxy-Block: unsafe-path");
                }
            }
            assertThat(plain.connections()).isZero();
        }
    }

    // --- item 3: Host confusion

    @Test
    void twoHostHeadersInsideTheTunnelAre400AndTheConnectionCloses() throws Exception {
        start("");
        for (String hosts : List.of(host() + host(), host() + "Host: evil.example\r\n", "Host: evil.example\r\n" + host(),
                "Host: localhost\r\n" + host())) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange("GET /user HTTP/1.1\r\n" + hosts + "\r\nGET /user HTTP/1.1\r\n" + host() + "\r\n");
                assertThat(response).startsWith("HTTP/1.1 400").contains("X-Egress-Proxy-Block: duplicate-host");
                assertThat(tunnel.closedByProxy()).isTrue();
            }
        }
        assertNothingReachedTheUpstream();
    }

    @Test
    void aHostThatDisagreesWithTheConnectHostOrTheAbsoluteTargetIs400() throws Exception {
        start("");
        for (String request : List.of("GET /user HTTP/1.1\r\nHost: evil.example\r\n\r\n",
                "GET /user HTTP/1.1\r\nHost: localhost:1\r\n\r\n",
                "GET https://localhost:" + upstream.port() + "/user HTTP/1.1\r\nHost: evil.example\r\n\r\n",
                "GET https://evil.example/user HTTP/1.1\r\n" + host() + "\r\n")) {
            try (RawTunnel tunnel = tunnel()) {
                assertThat(tunnel.exchange(request)).as(request).startsWith("HTTP/1.1 400").contains("X-Egress-Proxy-Block: host-mismatch");
            }
        }
        assertNothingReachedTheUpstream();
    }

    @Test
    void plainHttpWithAHostThatDisagreesWithTheAbsoluteTargetOrTwoHostsIs400() throws Exception {
        try (RecordingUpstream plain = RecordingUpstream.plain()) {
            proxy = ProxyHarness.start(dir, """
                    routes:
                      - host: localhost
                        port: %d
                        allow_private: true
                      - host: evil.example
                    """.formatted(plain.port()), Map.of(), List.of());
            String target = "http://localhost:" + plain.port() + "/x";
            for (String hosts : List.of("Host: evil.example\r\n", "Host: localhost:" + plain.port() + "\r\nHost: evil.example\r\n",
                    "Host: localhost\r\n")) {
                try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\n" + hosts + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    assertThat(RawTunnel.readHead(socket.getInputStream())).as(hosts).startsWith("HTTP/1.1 400")
                            .containsPattern("X-Egress-Proxy-Block: (host-mismatch|duplicate-host)");
                }
            }
            assertThat(plain.connections()).isZero();
        }
    }

    // --- item 4: TRACE never carries the credential

    @Test
    void traceTrackAndNestedConnectAreRefusedWith405OnARouteAllowingEveryMethod() throws Exception {
        start("");
        for (String line : List.of("TRACE /user HTTP/1.1", "TRACK /user HTTP/1.1", "trace /user HTTP/1.1", "TRACE * HTTP/1.1",
                "CONNECT localhost:" + upstream.port() + " HTTP/1.1", "CONNECT evil.example:443 HTTP/1.1")) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange(line + "\r\n" + host() + "\r\n");
                assertThat(response).as(line).startsWith("HTTP/1.1 405").contains("X-Egress-Proxy-Block: method-refused")
                        .containsIgnoringCase("allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS").doesNotContain(SECRET);
            }
        }
        assertNothingReachedTheUpstream();
        assertThat(proxy.decisions()).hasSize(6).allSatisfy(d -> assertThat(d.get("reason").asText()).isEqualTo("method-refused"));
    }

    // --- item 5: ambiguous framing

    @Test
    void ambiguousFramingIs400AndNothingIsForwarded() throws Exception {
        start("");
        String body = "5\r\nhello\r\n0\r\n\r\n";
        for (String framing : List.of("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: xchunked\r\n", "Transfer-Encoding: chunked, identity\r\n", "Transfer-Encoding: identity, chunked\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: chunked,\r\n", "Transfer-Encoding: \"chunked\"\r\n", "Transfer-Encoding: chunked;x=1\r\n",
                "Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: 5, 5\r\n", "Content-Length: abc\r\n",
                "Content-Length: -5\r\n", "Transfer-Encoding\t: chunked\r\n", "Transfer-Encoding : chunked\r\n")) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange("POST /upload HTTP/1.1\r\n" + host() + framing + "\r\n" + body);
                assertThat(response).as(framing).startsWith("HTTP/1.1 400");
                assertThat(tunnel.closedByProxy()).as(framing).isTrue();
            }
        }
        assertNothingReachedTheUpstream();
    }

    @Test
    void aConnectionHeaderNamingContentLengthOrHostCannotStripTheFramingOrTheHostFromTheForwardedHead() throws Exception {
        start("");
        String smuggled = "DELETE /admin/everything HTTP/1.1\r\n" + host() + "\r\n";
        for (String connection : List.of("Content-Length", "content-length, keep-alive", "close, Content-Length",
                "Host", "Host, Content-Length")) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange("POST /upload HTTP/1.1\r\n" + host() + "Connection: " + connection
                        + "\r\nContent-Length: " + smuggled.length() + "\r\n\r\n" + smuggled);
                assertThat(response).as(connection).startsWith("HTTP/1.1 200");
            }
        }
        Thread.sleep(300);
        // the smuggled DELETE reaches the upstream only as the body of the POST, never as a request of its own
        assertThat(upstream.heads()).hasSize(5).allSatisfy(head -> assertThat(head.toLowerCase(java.util.Locale.ROOT))
                .startsWith("post /upload ").contains("\r\nhost: localhost:" + upstream.port() + "\r\n")
                .contains("\r\ncontent-length: " + smuggled.length() + "\r\n").doesNotContain("connection: content-length"));
    }

    @Test
    void aRequestLineOfAnotherHttpVersionIsRefusedNotForwardedUnderThatVersion() throws Exception {
        start("");
        for (String version : List.of("HTTP/1.2", "HTTP/2.0", "HTTP/3.0", "HTTP/1.9", "HTTP/0.9")) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange("GET /repos/x " + version + "\r\n" + host() + "\r\n");
                assertThat(response).as(version).matches("(?s)HTTP/1\\.1 (505|400) .*");
                if (response.startsWith("HTTP/1.1 505")) {
                    assertThat(response).contains("X-Egress-Proxy-Block: http-version-not-supported");
                }
            }
        }
        assertNothingReachedTheUpstream();
        try (RawTunnel tunnel = tunnel()) { // the two versions the proxy speaks still pass
            assertThat(tunnel.exchange("GET /repos/x HTTP/1.1\r\n" + host() + "\r\n")).startsWith("HTTP/1.1 200");
        }
        try (RawTunnel tunnel = tunnel()) {
            assertThat(tunnel.exchange("GET /repos/x HTTP/1.0\r\n" + host() + "\r\n")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aMalformedChunkNeverLetsTheUpstreamSeeTheRequestEnd() throws Exception {
        start("");
        for (String badChunk : List.of("zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX\r\n0\r\n\r\n", "ffffffffffffffffff\r\nx\r\n0\r\n\r\n")) {
            try (RawTunnel tunnel = tunnel()) {
                tunnel.send("POST /upload HTTP/1.1\r\n" + host() + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n");
                Thread.sleep(300); // the head and the first chunk are forwarded
                tunnel.send(badChunk + "GET /smuggled HTTP/1.1\r\n" + host() + "\r\n");
                String answer;
                try {
                    answer = tunnel.readResponse();
                } catch (java.io.IOException closed) {
                    answer = "closed";
                }
                assertThat(answer).as(badChunk).matches("(?s)(closed|HTTP/1.1 400 .*)");
            }
        }
        Thread.sleep(300);
        assertThat(upstream.everythingReceived()).doesNotContain("0\r\n\r\n", "/smuggled");
    }

    @Test
    void chunkedTransferEncodingInHttp10IsRefused() throws Exception {
        start("");
        try (RawTunnel tunnel = tunnel()) {
            String response = tunnel.exchange("POST /upload HTTP/1.0\r\n" + host() + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 400").contains("X-Egress-Proxy-Block: ambiguous-framing");
        }
        assertNothingReachedTheUpstream();
    }

    @Test
    void requestTrailersAreNotForwardedAndChunkedIsForwardedAsExactlyThat() throws Exception {
        start("");
        try (RawTunnel tunnel = tunnel()) {
            String response = tunnel.exchange("POST /upload HTTP/1.1\r\n" + host() + "Transfer-Encoding: Chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\nX-Smuggled-Trailer: yes\r\nAuthorization: Bearer trailer-token\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("ok");
        }
        assertThat(upstream.heads()).singleElement().satisfies(head -> assertThat(head).contains("\r\ntransfer-encoding: chunked\r\n"));
        assertThat(upstream.everythingReceived()).contains("hello").doesNotContain("X-Smuggled-Trailer", "trailer-token");
    }

    // --- item 10: header-read deadline

    @Test
    void aRequestHeadThatTricklesInIsAnswered408AndClosedAlsoInsideATunnel() throws Exception {
        start("", new ProxyOptions.Limits(65536, 4096, 10, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(1)));
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String partial = "GET http://localhost:" + upstream.port() + "/ HTTP/1.1\r\nX-Slow: ";
            out.write(partial.getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 6 && in.available() == 0; i++) { // keeps sending, never finishes the head
                    Thread.sleep(250);
                    out.write('a');
                }
            } catch (java.io.IOException closedUnderUs) {
                // the proxy answered and closed between two bytes: what is being tested
            }
            String head = RawTunnel.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 408").contains("X-Egress-Proxy-Error: request-head-timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
        }
        try (RawTunnel tunnel = tunnel()) {
            long start = System.nanoTime();
            tunnel.send("GET /user HTTP/1.1\r\n");
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 408");
            assertThat(tunnel.closedByProxy()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
        }
        assertNothingReachedTheUpstream();
    }

    @Test
    void aPartialHeadPipelinedBehindARequestThenLeftUnfinishedIsAnswered408() throws Exception {
        start("", new ProxyOptions.Limits(65536, 4096, 10, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(1)));
        try (RawTunnel tunnel = tunnel()) {
            tunnel.send("GET /a HTTP/1.1\r\n" + host() + "\r\nGET /b HTTP/1.1\r\nX-Never-Finished: "); // then silence
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
            long start = System.nanoTime();
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 408").contains("request-head-timeout");
            assertThat(tunnel.closedByProxy()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(upstream.heads()).hasSize(1);
    }

    @Test
    void anIdleKeptAliveConnectionIsNotCutByTheHeadDeadline() throws Exception {
        start("", new ProxyOptions.Limits(65536, 4096, 10, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(1)));
        try (RawTunnel tunnel = tunnel()) {
            Thread.sleep(1500); // idle after the handshake
            assertThat(tunnel.exchange("GET /a HTTP/1.1\r\n" + host() + "\r\n")).startsWith("HTTP/1.1 200");
            Thread.sleep(1500); // idle between requests
            assertThat(tunnel.exchange("GET /b HTTP/1.1\r\n" + host() + "\r\n")).startsWith("HTTP/1.1 200");
        }
        assertThat(upstream.heads()).hasSize(2);
    }

    // --- item 11: method override headers

    @Test
    void methodOverrideHeadersCannotBypassTheRoutesMethods() throws Exception {
        start("    methods: [GET, POST]\n");
        for (String header : List.of("X-HTTP-Method-Override: DELETE", "X-HTTP-Method: DELETE", "X-Method-Override: delete",
                "x-http-method-override: PUT", "X-HTTP-Method-Override: GET, DELETE", "X-HTTP-Method-Override: TRACE",
                "X-HTTP-Method-Override: GET\r\nX-HTTP-Method-Override: PATCH")) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange("POST /repos HTTP/1.1\r\n" + host() + header + "\r\nContent-Length: 0\r\n\r\n");
                assertThat(response).as(header).startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: method-override-not-allowed");
            }
        }
        assertNothingReachedTheUpstream();
        try (RawTunnel tunnel = tunnel()) {
            assertThat(tunnel.exchange("POST /repos HTTP/1.1\r\n" + host() + "X-HTTP-Method-Override: GET\r\nContent-Length: 0\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void pathOverrideHeadersCannotReachAPathOutsideTheAllowlist() throws Exception {
        start("    path_allowlist: [/repos/acme/**]\n");
        for (String header : List.of("X-Original-URL: /admin", "X-Rewrite-URL: /repos/other", "x-original-url: /repos/acme/../other",
                "X-Override-URL: https://localhost/admin", "X-Original-URL: /repos/acme/%2e%2e/%2e%2e/admin",
                "X-Original-URL: /repos/acme/x\r\nX-Original-URL: /admin", "X-Rewrite-URL: admin",
                "X-Original-URL: /repos/acme/#/../../admin")) {
            try (RawTunnel tunnel = tunnel()) {
                String response = tunnel.exchange("GET /repos/acme/x HTTP/1.1\r\n" + host() + header + "\r\n\r\n");
                assertThat(response).as(header).startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: path-override-not-allowed");
            }
        }
        assertNothingReachedTheUpstream();
        try (RawTunnel tunnel = tunnel()) { // a path the route allows may be named
            assertThat(tunnel.exchange("GET /repos/acme/x HTTP/1.1\r\n" + host() + "X-Original-URL: /repos/acme/y\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        }
    }

    // --- item 13: the CONNECT host is canonical

    @Test
    void theConnectHostIsCanonicalisedBeforeResolutionMatchingAndLogging() throws Exception {
        start("");
        try (RawTunnel tunnel = RawTunnel.open(proxy.port(), "LocalHost.:" + upstream.port(), "localhost", proxy.trustingProxyCa())) {
            String response = tunnel.exchange("GET /user HTTP/1.1\r\nHost: LOCALHOST.:" + upstream.port() + "\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("ok");
        }
        assertThat(upstream.heads()).singleElement().satisfies(head -> assertThat(head)
                .containsIgnoringCase("\r\nhost: localhost:" + upstream.port() + "\r\n")
                .contains("Bearer " + SECRET));
        assertThat(proxy.decisions()).singleElement().satisfies(d -> {
            assertThat(d.get("host").asText()).isEqualTo("localhost");
            assertThat(d.get("verdict").asText()).isEqualTo("allow");
        });
    }
}
