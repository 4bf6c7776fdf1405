package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudebottle.routes.RoutesFile;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP reload and SIGTERM drain, with real signals sent to a real egress-proxy process. */
class SignalsIT {
    static final String SECRET = "reload-test-s3cret-9f8e7d";

    @TempDir
    Path dir;

    private static String routes(int port, String paths) {
        return """
                # generation marker %s
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [%s]
                    auth:
                      header: Authorization
                      secret: TOKEN
                """.formatted(paths, port, paths);
    }

    private static String sha(String text) {
        return RoutesFile.of(text).sha256().hex();
    }

    private static int get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aProxyStartedWithSighupIgnoredRefusesToStartInsteadOfNeverReloading() throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
        Path err = dir.resolve("stderr.log");
        // nohup sets SIGHUP to ignored before it execs java; the JVM would then never see a reload signal.
        Process process = new ProcessBuilder("nohup", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EgressProxyMain.class.getName(),
                "--routes", routes.toString(), "--listen", "127.0.0.1:0", "--ca-dir", dir.resolve("ca").toString(),
                "--status", dir.resolve("status.json").toString())
                .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(err.toFile()).start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(3);
        assertThat(Files.readString(err)).contains("egress-proxy: cannot start: SIGHUP is ignored in this process")
                .contains("env --default-signal=HUP");
        assertThat(dir.resolve("status.json")).doesNotExist();
    }

    @Test
    void sighupSwapsInAValidFileAndKeepsTheOldOneWhenTheNewOneIsInvalid() throws Exception {
        try (TestUpstream upstream = TestUpstream.https()) {
            String v1 = routes(upstream.port(), "/a");
            try (ProxyProcess proxy = ProxyProcess.start(dir, v1, Map.of("TOKEN", SECRET), List.of(upstream.caPem()))) {
                HttpClient client = proxy.client();
                String base = "https://localhost:" + upstream.port();
                assertThat(proxy.status().get("generation").asLong()).isEqualTo(1);
                assertThat(proxy.status().get("sha256").asText()).isEqualTo(sha(v1));
                assertThat(get(client, base + "/a")).isEqualTo(200);
                assertThat(get(client, base + "/b")).isEqualTo(403);

                String v2 = routes(upstream.port(), "/b");
                Files.writeString(proxy.routes, v2);
                proxy.signal("HUP");
                JsonNode loaded = proxy.awaitStatus(s -> s.get("generation").asLong() == 2);
                assertThat(loaded.get("sha256").asText()).isEqualTo(sha(v2));
                assertThat(loaded.get("last_error").isNull()).isTrue();
                assertThat(get(client, base + "/b")).isEqualTo(200); // same keep-alive client, new policy
                assertThat(get(client, base + "/a")).isEqualTo(403);

                String invalid = "routes:\n  - host: localhost\n    port: 0\n";
                Files.writeString(proxy.routes, invalid);
                proxy.signal("HUP");
                JsonNode rejected = proxy.awaitStatus(s -> !s.get("last_error").isNull());
                assertThat(rejected.get("generation").asLong()).isEqualTo(2);
                assertThat(rejected.get("sha256").asText()).isEqualTo(sha(v2));
                assertThat(rejected.get("last_error_sha256").asText()).isEqualTo(sha(invalid));
                assertThat(rejected.get("last_error").asText()).contains("routes.yaml:3");
                assertThat(get(client, base + "/b")).isEqualTo(200);

                Files.writeString(proxy.routes, v1);
                proxy.signal("HUP");
                JsonNode back = proxy.awaitStatus(s -> s.get("generation").asLong() == 3);
                assertThat(back.get("sha256").asText()).isEqualTo(sha(v1));
                assertThat(back.get("last_error").isNull()).isTrue();

                assertThat(upstream.lastSeen().get("Authorization")).containsExactly(SECRET);
                assertThat(proxy.allOutput()).doesNotContain(SECRET).contains("\"verdict\":\"deny\"");
            }
        }
    }

    /** A large JSON routes file allowing {@code path} on the test upstream; {@code marker} leading spaces make each variant distinct. */
    private static String largeJson(int port, String path, int marker) {
        StringBuilder text = new StringBuilder(" ".repeat(marker)).append("{\"routes\": [\n  {\"host\": \"localhost\", \"port\": ")
                .append(port).append(", \"allow_private\": true, \"path_allowlist\": [\"").append(path)
                .append("\"], \"auth\": {\"header\": \"Authorization\", \"secret\": \"TOKEN\"}}");
        for (int i = 0; i < 10_000; i++) {
            text.append(",\n  {\"host\": \"svc").append(i).append(".example.com\", \"path_allowlist\": [\"/r").append(i).append("/**\"]}");
        }
        return text.append("\n]}\n").toString();
    }

    @Test
    void aStormOfSighupsOverALargeJsonFileEndsWithTheNewestFileInForceAndABadOneKeepsIt() throws Exception {
        try (TestUpstream upstream = TestUpstream.https()) {
            try (ProxyProcess proxy = ProxyProcess.start(dir, routes(upstream.port(), "/a"), Map.of("TOKEN", SECRET),
                    List.of(upstream.caPem()))) {
                HttpClient client = proxy.client();
                String base = "https://localhost:" + upstream.port();
                String last = null;
                for (int i = 1; i <= 40; i++) {
                    last = largeJson(upstream.port(), i == 40 ? "/b" : "/a", i);
                    Path next = proxy.routes.resolveSibling("routes.next");
                    Files.writeString(next, last);
                    Files.move(next, proxy.routes, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    proxy.signal("HUP");
                    Thread.sleep(25);
                }
                String newest = sha(last);
                JsonNode loaded = proxy.awaitStatus(s -> s.get("sha256").asText().equals(newest));
                assertThat(loaded.get("last_error").isNull()).isTrue();
                // SIGHUPs during a reload or its pause fold into one reload that reads the newest file
                assertThat(loaded.get("generation").asLong()).isBetween(2L, 40L);
                assertThat(get(client, base + "/b")).isEqualTo(200);
                assertThat(get(client, base + "/a")).isEqualTo(403);

                // a duplicate key in a JSON file is refused with its position, and the large policy stays in force
                String bad = last.replace("{\"host\": \"svc9999.example.com\",", "{\"host\": \"svc9999.example.com\", \"host\": \"x.example\",");
                Files.writeString(proxy.routes, bad);
                proxy.signal("HUP");
                JsonNode rejected = proxy.awaitStatus(s -> !s.get("last_error").isNull());
                assertThat(rejected.get("sha256").asText()).isEqualTo(newest);
                assertThat(rejected.get("last_error").asText()).contains("routes.yaml:10002:35: routes[10000].host: duplicate key `host`; it is already set at line 10002, column 4");
                assertThat(get(client, base + "/b")).isEqualTo(200);
            }
        }
    }

    @Test
    void sigtermFinishesTheInFlightDownloadThenExitsZero() throws Exception {
        try (TestUpstream upstream = TestUpstream.https();
                ProxyProcess proxy = ProxyProcess.start(dir, routes(upstream.port(), "/slow/**"), Map.of("TOKEN", SECRET),
                        List.of(upstream.caPem()))) {
            long size = 8L * 1024 * 1024;
            HttpClient client = proxy.client();
            CompletableFuture<HttpResponse<InputStream>> download = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/slow/3000/" + size)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<InputStream> response = download.get(10, TimeUnit.SECONDS);
            proxy.signal("TERM");
            long received;
            try (InputStream in = response.body()) {
                received = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(received).isEqualTo(size);
            assertThat(proxy.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(proxy.process.exitValue()).isZero();
            assertThat(Files.readString(proxy.stderr)).contains("drained cleanly");
        }
    }
}
