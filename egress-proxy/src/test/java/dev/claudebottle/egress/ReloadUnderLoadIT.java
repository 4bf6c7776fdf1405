package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudebottle.routes.RoutesFile;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many keep-alive clients and long streaming downloads run through a real egress-proxy process
 * while valid and invalid routes files alternate under real SIGHUPs. Nothing in flight may fail,
 * nothing may be allowed outside the policy that decided it, and the status must always say what
 * is loaded.
 */
class ReloadUnderLoadIT {
    static final String SECRET = "under-load-s3cret-5c4b";
    static final int CLIENTS = 12;
    static final int STREAMS = 3;
    static final long STREAM_BYTES = 16L * 1024 * 1024;

    @TempDir
    Path dir;

    private static String policy(int port, String letter) {
        return """
                # policy %s
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/%s/**, /slow/**]
                    auth: {header: Authorization, secret: TOKEN}
                """.formatted(letter, port, letter);
    }

    record Outcome(String path, int status, String failure) {}

    @Test
    void alternatingValidAndInvalidReloadsNeverBreakOrWidenInFlightTraffic() throws Exception {
        try (TestUpstream upstream = TestUpstream.https();
                ProxyProcess proxy = ProxyProcess.start(dir, policy(upstream.port(), "a"), Map.of("TOKEN", SECRET),
                        List.of(upstream.caPem()))) {
            int port = upstream.port();
            String invalid = "routes:\n  - host: localhost\n    port: %d\n    methods: []\n".formatted(port);
            Map<String, String> letterBySha = new HashMap<>();
            letterBySha.put(sha(policy(port, "a")), "a");
            letterBySha.put(sha(policy(port, "b")), "b");

            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Long>> streams = new ArrayList<>();
            HttpClient streamClient = proxy.client();
            for (int i = 0; i < STREAMS; i++) {
                streams.add(pool.submit(() -> {
                    HttpResponse<InputStream> r = streamClient.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + port + "/slow/6000/" + STREAM_BYTES)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = r.body()) {
                        return r.statusCode() == 200 ? in.transferTo(OutputStream.nullOutputStream()) : -r.statusCode();
                    }
                }));
            }
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                HttpClient client = proxy.client(); // one keep-alive connection per worker
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        String path = "/" + (ThreadLocalRandom.current().nextBoolean() ? "a" : "b") + "/item";
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            outcomes.add(new Outcome(path, r.statusCode(), null));
                        } catch (Exception e) {
                            outcomes.add(new Outcome(path, 0, e.toString()));
                        }
                    }
                    return null;
                }));
            }

            long lastGeneration = proxy.status().get("generation").asLong();
            String loadedSha = sha(policy(port, "a"));
            int reloads = 0;
            Instant end = Instant.now().plusSeconds(8);
            while (Instant.now().isBefore(end)) {
                String next = switch (reloads % 4) {
                    case 0 -> policy(port, "b");
                    case 2 -> policy(port, "a");
                    default -> invalid;
                };
                boolean valid = !next.equals(invalid);
                String lastAttempt = proxy.status().get("last_attempt_at").asText();
                Files.writeString(proxy.routes, next);
                proxy.signal("HUP");
                JsonNode status = proxy.awaitStatus(s -> !s.get("last_attempt_at").asText().equals(lastAttempt));
                if (valid) {
                    loadedSha = sha(next);
                    lastGeneration++;
                    assertThat(status.get("last_error").isNull()).isTrue();
                } else {
                    assertThat(status.get("last_error").asText()).contains("methods");
                    assertThat(status.get("last_error_sha256").asText()).isEqualTo(sha(invalid));
                }
                assertThat(status.get("generation").asLong()).isEqualTo(lastGeneration);
                assertThat(status.get("sha256").asText()).isEqualTo(loadedSha);
                reloads++;
                Thread.sleep(60);
            }
            // newest wins: a burst of writes and signals without waiting settles on the last file
            for (String letter : List.of("a", "b", "a", "b")) {
                Files.writeString(proxy.routes, policy(port, letter));
                proxy.signal("HUP");
            }
            proxy.awaitStatus(s -> s.get("sha256").asText().equals(sha(policy(port, "b"))) && s.get("last_error").isNull());

            running.set(false);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            for (Future<Long> s : streams) {
                assertThat(s.get(60, TimeUnit.SECONDS)).as("streamed bytes").isEqualTo(STREAM_BYTES);
            }
            pool.shutdown();

            List<Outcome> all = List.copyOf(outcomes);
            System.out.printf("reload-under-load: %d reloads, %d requests (%d allowed, %d denied), %d streams of %d bytes%n",
                    reloads + 4, all.size(), all.stream().filter(o -> o.status() == 200).count(),
                    all.stream().filter(o -> o.status() == 403).count(), STREAMS, STREAM_BYTES);
            assertThat(reloads).isGreaterThanOrEqualTo(12);
            assertThat(all.size()).isGreaterThan(200);
            assertThat(all).as("failed or reset requests").filteredOn(o -> o.failure() != null).isEmpty();
            assertThat(all).allSatisfy(o -> assertThat(o.status()).isIn(200, 403));
            assertThat(all).filteredOn(o -> o.status() == 200).extracting(Outcome::path).contains("/a/item", "/b/item");
            assertThat(all).filteredOn(o -> o.status() == 403).extracting(Outcome::path).contains("/a/item", "/b/item");

            List<JsonNode> decisions = new ArrayList<>();
            for (String line : Files.readAllLines(proxy.stdout)) {
                decisions.add(ProxyHarness.JSON.readTree(line));
            }
            for (JsonNode d : decisions) {
                String letter = letterBySha.get(d.get("routes_sha256").asText());
                assertThat(letter).as("every decision names a valid policy: " + d).isNotNull();
                String path = d.get("path").asText();
                boolean allowedByItsPolicy = path.startsWith("/" + letter + "/") || path.startsWith("/slow/");
                assertThat(d.get("verdict").asText()).as(d.toString()).isEqualTo(allowedByItsPolicy ? "allow" : "deny");
            }
            long allowedItems = all.stream().filter(o -> o.status() == 200).count();
            assertThat(decisions.stream().filter(d -> d.get("verdict").asText().equals("allow") && d.get("path").asText().endsWith("/item")))
                    .hasSize((int) allowedItems);
            assertThat(upstream.hits("/a/item") + upstream.hits("/b/item")).isEqualTo((int) allowedItems);
            assertThat(proxy.allOutput()).doesNotContain(SECRET);
        }
    }

    private static String sha(String text) {
        return RoutesFile.of(text).sha256().hex();
    }
}
