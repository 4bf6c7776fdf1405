package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The refusals: SSRF guard, plain HTTP never carries secrets, upstream verification, deny-all start-up, limits. */
class GuardsIT {
    static final String SECRET = "xoxb-another-s3cret";

    @TempDir
    Path dir;

    private static String route(int port, boolean allowPrivate, String extra) {
        return """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: %s
                %s""".formatted(port, allowPrivate, extra);
    }

    @Test
    void loopbackUpstreamIsRefusedWithoutAllowPrivate() throws Exception {
        try (TestUpstream upstream = TestUpstream.https();
                ProxyHarness proxy = ProxyHarness.start(dir, route(upstream.port(), false, ""), Map.of(), List.of(upstream.caPem()))) {
            HttpResponse<String> response = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("X-Egress-Proxy-Block")).hasValue("private-address");
            assertThat(response.body()).contains("127.0.0.1");
            assertThat(upstream.seen()).isEmpty();
            assertThat(proxy.decisions()).singleElement().satisfies(d -> assertThat(d.get("reason").asText()).isEqualTo("private-address"));
        }
    }

    @Test
    void reloadThatDropsAllowPrivateRefusesTheNextRequestOnTheSameConnection() throws Exception {
        try (TestUpstream upstream = TestUpstream.https();
                ProxyHarness proxy = ProxyHarness.start(dir, route(upstream.port(), true, ""), Map.of(), List.of(upstream.caPem()))) {
            var client = proxy.client();
            URI url = URI.create("https://localhost:" + upstream.port() + "/");
            assertThat(client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            proxy.writeRoutes(route(upstream.port(), false, ""));
            assertThat(proxy.proxy.reloadNow()).isTrue();

            HttpResponse<String> after = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(403);
            assertThat(after.headers().firstValue("X-Egress-Proxy-Block")).hasValue("private-address");
            assertThat(upstream.seen()).hasSize(1);
        }
    }

    @Test
    void plainHttpRouteWithAuthNeverSendsTheSecret() throws Exception {
        try (TestUpstream upstream = TestUpstream.plain();
                ProxyHarness proxy = ProxyHarness.start(dir, route(upstream.port(), true, """
                            auth:
                              header: Authorization
                              secret: SLACK_TOKEN
                        """), Map.of("SLACK_TOKEN", SECRET), List.of())) {
            HttpResponse<String> response = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + upstream.port() + "/plain")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(upstream.lastSeen().get("Authorization")).isNull();
            assertThat(upstream.lastSeen().toString()).doesNotContain(SECRET);
            assertThat(proxy.decisions()).singleElement().satisfies(d -> assertThat(d.get("tls").asBoolean()).isFalse());
        }
    }

    @Test
    void plainHttpOutsideTheRoutesGetsTheSame403() throws Exception {
        try (TestUpstream upstream = TestUpstream.plain();
                ProxyHarness proxy = ProxyHarness.start(dir, route(upstream.port(), true, "    path_allowlist: [/ok]\n"), Map.of(),
                        List.of())) {
            HttpResponse<String> response = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + upstream.port() + "/not-ok?token=abc")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("X-Egress-Proxy-Block")).hasValue("path-not-allowed");
            assertThat(response.body()).contains("\"path\":\"/not-ok\"", "egress-proxy-block").doesNotContain("token=abc");
            assertThat(upstream.seen()).isEmpty();
            assertThat(proxy.decisions()).singleElement().satisfies(d -> {
                assertThat(d.get("tls").asBoolean()).isFalse();
                assertThat(d.get("path").asText()).isEqualTo("/not-ok");
            });
        }
    }

    @Test
    void idleClientConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(dir, "routes: []\n", Map.of(), List.of(),
                new ProxyOptions.Limits(65536, 4096, 10, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)), n -> null);
                Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
        }
    }

    @Test
    void upstreamWithAnUntrustedCertificateIsRefusedWith502() throws Exception {
        try (TestUpstream upstream = TestUpstream.https();
                ProxyHarness proxy = ProxyHarness.start(dir, route(upstream.port(), true, ""), Map.of(), List.of())) {
            HttpResponse<String> response = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("X-Egress-Proxy-Error")).hasValue("upstream-tls-failed");
            assertThat(response.body()).contains("TLS verification failed");
            assertThat(upstream.seen()).isEmpty();
        }
    }

    /**
     * Both TLS engines (OpenSSL, the default, and the JDK's on request) check the upstream's name: a
     * certificate from a trusted CA for another host is refused, and nothing reaches that server.
     */
    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void upstreamWithATrustedCertificateForAnotherNameIsRefusedWith502(String engine) throws Exception {
        System.setProperty(TlsEngines.PROPERTY, engine);
        try (TestUpstream upstream = TestUpstream.https("other.example");
                ProxyHarness proxy = ProxyHarness.start(dir, route(upstream.port(), true, ""), Map.of(), List.of(upstream.caPem()))) {
            HttpResponse<String> response = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("X-Egress-Proxy-Error")).hasValue("upstream-tls-failed");
            assertThat(upstream.seen()).isEmpty();
        } finally {
            System.clearProperty(TlsEngines.PROPERTY);
        }
    }

    @Test
    void startingWithoutARoutesFileDeniesEverythingAndSaysWhy() throws Exception {
        try (TestUpstream upstream = TestUpstream.https();
                ProxyHarness proxy = ProxyHarness.start(dir, null, Map.of(), List.of(upstream.caPem()))) {
            HttpResponse<String> response = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            JsonNode status = proxy.status();
            assertThat(status.get("generation").asLong()).isZero();
            assertThat(status.get("sha256").isNull()).isTrue();
            assertThat(status.get("deny_all").asBoolean()).isTrue();
            assertThat(status.get("last_error").asText()).contains("does not exist");
        }
    }

    @Test
    void startingWithAnInvalidRoutesFileDeniesEverything() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(dir, "routes:\n  - hots: example.com\n", Map.of(), List.of())) {
            HttpResponse<String> response = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("https://example.com/")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(proxy.status().get("generation").asLong()).isZero();
            assertThat(proxy.status().get("last_error").asText()).contains("routes.yaml:2");
        }
    }

    @Test
    void statusNamesSecretsThatAreReferencedButMissing() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(dir, route(443, false, """
                    auth:
                      header: Authorization
                      secret: NOT_CONFIGURED
                """), Map.of(), List.of())) {
            JsonNode status = proxy.status();
            assertThat(status.get("generation").asLong()).isEqualTo(1);
            assertThat(status.get("missing_secrets").toString()).isEqualTo("[\"NOT_CONFIGURED\"]");
            assertThat(status.get("sha256").asText()).isEqualTo(dev.claudebottle.routes.RoutesFile.of(Files.readAllBytes(proxy.routes)).sha256().hex());
        }
    }

    @Test
    void secretsHandedOverAtStartAreInjected() throws Exception {
        try (TestUpstream upstream = TestUpstream.https();
                ProxyHarness proxy = ProxyHarness.start(dir, route(upstream.port(), true, """
                            auth:
                              header: X-Api-Key
                              secret: FROM_ENV
                        """), Map.of(), List.of(upstream.caPem()), ProxyOptions.Limits.defaults(),
                        name -> name.equals("FROM_ENV") ? SECRET : null)) { // as --secrets-stdin hands them over
            proxy.client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upstream.lastSeen().get("X-Api-Key")).containsExactly(SECRET);
            assertThat(proxy.everythingWritten()).doesNotContain(SECRET);
        }
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(dir, "routes: []\n", Map.of(), List.of(),
                new ProxyOptions.Limits(4096, 4096, 10, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(5)), n -> null);
                Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write(("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nX-Big: " + "a".repeat(8000)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = RawTunnel.readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 431").contains("X-Egress-Proxy-Error: headers-too-large");
        }
    }

    @Test
    void aDeniedRequestWaitingFor100ContinueGetsItsAnswerAndTheConnectionCloses() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(dir, "routes: []\n", Map.of(), List.of());
                Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST http://example.com/upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 10\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = RawTunnel.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 403").contains("X-Egress-Proxy-Block: host-not-allowed").containsIgnoringCase("connection: close");
            in.readNBytes(Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1")));
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void connectionsOverTheLimitGet503() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(dir, "routes: []\n", Map.of(), List.of(),
                new ProxyOptions.Limits(65536, 4096, 2, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(5)), n -> null)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(new Socket("127.0.0.1", proxy.port()));
                }
                Thread.sleep(200);
                try (Socket third = new Socket("127.0.0.1", proxy.port())) {
                    third.setSoTimeout(5000);
                    assertThat(RawTunnel.readHead(third.getInputStream())).startsWith("HTTP/1.1 503").contains("too-many-connections");
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void upstreamThatNeverFinishesTheHandshakeGets504() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ProxyHarness proxy = ProxyHarness.start(dir, route(silent.getLocalPort(), true, ""), Map.of(), List.of(),
                        new ProxyOptions.Limits(65536, 4096, 10, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                        n -> null)) {
            long start = System.nanoTime();
            HttpResponse<String> response = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + silent.getLocalPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.headers().firstValue("X-Egress-Proxy-Error")).hasValue("upstream-connect-timeout");
            assertThat(response.body()).contains("within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void refusedUpstreamConnectionAndUnresolvableHostGet502SayingWhich() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String routes = route(closedPort, true, "") + "  - host: no-such-host.invalid\n";
        try (ProxyHarness proxy = ProxyHarness.start(dir, routes, Map.of(), List.of())) {
            HttpResponse<String> refused = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + closedPort + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(refused.headers().firstValue("X-Egress-Proxy-Error")).hasValue("upstream-connect-failed");
            assertThat(refused.body()).contains("cannot connect to upstream localhost:" + closedPort);

            HttpResponse<String> unresolvable = proxy.client().send(
                    HttpRequest.newBuilder(URI.create("https://no-such-host.invalid/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unresolvable.statusCode()).isEqualTo(502);
            assertThat(unresolvable.headers().firstValue("X-Egress-Proxy-Error")).hasValue("upstream-dns-failed");
            assertThat(unresolvable.body()).contains("cannot resolve upstream host no-such-host.invalid");
        }
    }

    @Test
    void curlTrustingTheGeneratedCaGetsThroughAndSeesDenials() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/curl"))) {
            throw new IllegalStateException("curl is part of the test environment (.ci/run installs it)");
        }
        try (TestUpstream upstream = TestUpstream.https();
                ProxyHarness proxy = ProxyHarness.start(dir, route(upstream.port(), true, """
                            path_allowlist: [/ok]
                            auth:
                              header: Authorization
                              secret: CURL_TOKEN
                              prefix: "token "
                        """), Map.of("CURL_TOKEN", SECRET), List.of(upstream.caPem()))) {
            String ca = proxy.caDir.resolve("ca.pem").toString();
            String proxyUrl = "http://127.0.0.1:" + proxy.port();
            String ok = run("curl", "-sS", "--noproxy", "", "-x", proxyUrl, "--cacert", ca, "-D", "-",
                    "https://localhost:" + upstream.port() + "/ok");
            assertThat(ok).contains("Connection Established", "\nHTTP/1.1 200").endsWith("hello").doesNotContain(SECRET);
            assertThat(upstream.lastSeen().get("Authorization")).containsExactly("token " + SECRET);

            String denied = run("curl", "-sS", "--noproxy", "", "-x", proxyUrl, "--cacert", ca, "-D", "-", "--path-as-is",
                    "https://localhost:" + upstream.port() + "/ok/../secret");
            assertThat(denied).contains("\nHTTP/1.1 403").containsIgnoringCase("x-egress-proxy-block: path-not-allowed");
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

}
