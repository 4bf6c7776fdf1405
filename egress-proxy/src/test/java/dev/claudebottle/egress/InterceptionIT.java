package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real clients through a real proxy to a real TLS upstream: allow, deny, inject, refuse. */
class InterceptionIT {
    static final String SECRET = "ghp_s3cr3t-value-never-logged";

    @TempDir
    Path dir;
    TestUpstream upstream;
    ProxyHarness proxy;
    HttpClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = TestUpstream.https();
        proxy = ProxyHarness.start(dir, """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/repos/acme/**, /user, /stream/*, /upload]
                    methods: [GET, POST]
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                """.formatted(upstream.port()), Map.of("GITHUB_TOKEN", SECRET), List.of(upstream.caPem()));
        client = proxy.client();
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    private URI url(String path) {
        return URI.create("https://localhost:" + upstream.port() + path);
    }

    @Test
    void allowedRequestReachesUpstreamWithTheSecretInjectedOverTheAgentsHeader() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url("/repos/acme/widgets"))
                .header("Authorization", "Bearer agent-made-this-up").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(upstream.lastSeen().get("Authorization")).containsExactly("Bearer " + SECRET);
        assertThat(response.headers().map().toString()).doesNotContain(SECRET);
        assertThat(proxy.everythingWritten()).doesNotContain(SECRET);
        JsonNode line = proxy.decisions().get(0);
        assertThat(line.get("verdict").asText()).isEqualTo("allow");
        assertThat(line.get("host").asText()).isEqualTo("localhost");
        assertThat(line.get("path").asText()).isEqualTo("/repos/acme/widgets");
        assertThat(line.get("route").asText()).isEqualTo("localhost:" + upstream.port());
    }

    @Test
    void deniedHostGetsA403InsideTlsWithTheBlockHeaderAndTheHint() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://not-routed.invalid/x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Egress-Proxy-Block")).hasValue("host-not-allowed");
        JsonNode body = ProxyHarness.JSON.readTree(response.body());
        assertThat(body.get("host").asText()).isEqualTo("not-routed.invalid");
        assertThat(body.get("path").asText()).isEqualTo("/x");
        assertThat(body.get("method").asText()).isEqualTo("GET");
        assertThat(body.get("reason").asText()).isEqualTo("host-not-allowed");
        assertThat(body.get("hint").asText()).contains("egress-proxy-block", "/etc/claude-bottle/current-config/routes.yaml", "justification");
        assertThat(proxy.decisions()).singleElement().satisfies(d -> assertThat(d.get("verdict").asText()).isEqualTo("deny"));
    }

    @Test
    void pathOutsideTheAllowlistIsDeniedAndNeverReachesUpstream() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url("/repos/other/x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Egress-Proxy-Block")).hasValue("path-not-allowed");
        assertThat(upstream.seen()).isEmpty();
    }

    @Test
    void methodOutsideTheRouteIsDenied() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url("/user")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Egress-Proxy-Block")).hasValue("method-not-allowed");
        assertThat(upstream.seen()).isEmpty();
    }

    @Test
    void keepAliveConnectionServesAllowedAndDeniedRequestsInTurn() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(client.send(HttpRequest.newBuilder(url("/user")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(url("/admin")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(403);
        }
        assertThat(upstream.hits("/user")).isEqualTo(5);
        assertThat(upstream.hits("/admin")).isZero();
    }

    @Test
    void dotSegmentAndEncodedTraversalCannotEscapeTheAllowlist() throws Exception {
        for (String path : List.of("/repos/acme/../../admin", "/repos/acme/%2e%2e/%2e%2e/admin", "/user/../admin",
                "/repos/acme/..%2f..%2fadmin", "/repos/acme/%2E%2E/%2E%2E/admin")) {
            try (RawTunnel tunnel = RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost", proxy.trustingProxyCa())) {
                String response = tunnel.exchange("GET " + path + " HTTP/1.1\r\nHost: localhost:" + upstream.port() + "\r\n\r\n");
                assertThat(response).as(path).matches("(?s)HTTP/1.1 (403|400) .*"); // 400: cannot be normalised unambiguously
            }
        }
        assertThat(upstream.seen()).isEmpty();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEachDecidedOnItsOwn() throws Exception {
        try (RawTunnel tunnel = RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost", proxy.trustingProxyCa())) {
            String host = "Host: localhost:" + upstream.port() + "\r\n";
            tunnel.send("GET /user HTTP/1.1\r\n" + host + "\r\nGET /admin HTTP/1.1\r\n" + host + "\r\nGET /repos/acme/x HTTP/1.1\r\n"
                    + host + "\r\n");
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 200").endsWith("hello");
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 403").contains("path-not-allowed");
            assertThat(tunnel.readResponse()).startsWith("HTTP/1.1 200").endsWith("hello");
        }
        assertThat(upstream.hits("/user")).isEqualTo(1);
        assertThat(upstream.hits("/repos/acme/x")).isEqualTo(1);
        assertThat(upstream.hits("/admin")).isZero();
    }

    @Test
    void hostHeaderThatDisagreesWithConnectIsDenied() throws Exception {
        try (RawTunnel tunnel = RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost", proxy.trustingProxyCa())) {
            String response = tunnel.exchange("GET /user HTTP/1.1\r\nHost: evil.example\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 400").contains("X-Egress-Proxy-Block: host-mismatch");
        }
        assertThat(upstream.seen()).isEmpty();
    }

    @Test
    void sniThatDisagreesWithConnectFailsTheHandshake() throws Exception {
        assertThatThrownBy(() -> RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "evil.example", proxy.trustingProxyCa()))
                .isInstanceOf(SSLException.class);
        assertThat(upstream.seen()).isEmpty();
        Thread.sleep(200);
        assertThat(proxy.decisions()).anySatisfy(d -> assertThat(d.get("reason").asText()).isEqualTo("sni-mismatch"));
    }

    @Test
    void largeDownloadAndUploadStreamThroughWholly() throws Exception {
        long size = 64L * 1024 * 1024 + 123;
        HttpResponse<java.io.InputStream> download = client.send(HttpRequest.newBuilder(url("/stream/" + size)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long received = 0;
        try (var in = download.body()) {
            byte[] buf = new byte[65536];
            for (int r; (r = in.read(buf)) > 0; ) {
                received += r;
            }
        }
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(received).isEqualTo(size);

        long upload = 32L * 1024 * 1024 + 7;
        HttpResponse<String> uploaded = client.send(HttpRequest.newBuilder(url("/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
                    long left = upload;

                    @Override
                    public int read() {
                        return left-- > 0 ? 'x' : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = (int) Math.min(len, left);
                        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                        left -= n;
                        return n;
                    }
                })).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(uploaded.body()).isEqualTo(Long.toString(upload));
    }

    @Test
    void caKeyIsOwnerOnlyAndTheCaIsReusedOnRestart() throws Exception {
        Path key = proxy.caDir.resolve(CertificateAuthority.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String pem = Files.readString(proxy.caDir.resolve(CertificateAuthority.CERT_FILE));
        assertThat(CertificateAuthority.loadOrCreate(proxy.caDir).certificatePem()).isEqualTo(pem);
    }
}
