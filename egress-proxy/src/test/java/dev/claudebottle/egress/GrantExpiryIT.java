package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A time-boxed grant ends in a real egress-proxy process by itself: no reload, no signal, no other
 * process. The same keep-alive client is allowed before the instant and refused after it, the 403
 * says the grant expired and that the agent may ask again, and the decision log says {@code grant-expired}.
 */
class GrantExpiryIT {
    static final String SECRET = "grant-test-s3cret-71b2c3";

    @TempDir
    Path dir;

    @Test
    void aGrantOfAFewSecondsEndsAtItsInstantWithoutAnyReload() throws Exception {
        // A busy build machine may take many seconds to start a JVM: when the first request could not be made
        // inside the grant, start again with a longer one (the assertions are the same).
        for (int seconds : new int[] {6, 20, 60}) {
            if (grantEndsOnItsOwn(Files.createDirectories(dir.resolve("grant-" + seconds)), seconds)) {
                return;
            }
        }
        throw new AssertionError("the proxy never answered within a 60 s grant");
    }

    /** @return false when the first request came too late to be inside the grant (nothing was checked then) */
    private boolean grantEndsOnItsOwn(Path dir, int seconds) throws Exception {
        try (TestUpstream upstream = TestUpstream.https()) {
            Instant until = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
            String routes = """
                    routes:
                      - host: localhost
                        port: %d
                        allow_private: true
                        path_allowlist: [/granted/**]
                        auth: {header: Authorization, secret: TOKEN}
                        expires: %s
                    """.formatted(upstream.port(), until);
            try (ProxyProcess proxy = ProxyProcess.start(dir, routes, Map.of("TOKEN", SECRET), List.of(upstream.caPem()))) {
                HttpClient client = proxy.client();
                String url = "https://localhost:" + upstream.port() + "/granted/x";
                HttpResponse<String> before = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!Instant.now().isBefore(until)) {
                    return false;
                }
                assertThat(before.statusCode()).isEqualTo(200);
                assertThat(upstream.lastSeen().get("Authorization")).containsExactly(SECRET);

                while (Instant.now().isBefore(until.plusMillis(200))) {
                    Thread.sleep(100);
                }
                for (String path : List.of("/granted/x", "/granted/../other", "/elsewhere")) {
                    HttpResponse<String> after = client.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + upstream.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(after.statusCode()).as(path).isEqualTo(403);
                    assertThat(after.headers().firstValue("X-Egress-Proxy-Block")).contains("grant-expired");
                    JsonNode body = ProxyHarness.JSON.readTree(after.body());
                    assertThat(body.get("reason").asText()).isEqualTo("grant-expired");
                    assertThat(body.get("explanation").asText()).contains("was granted until " + until)
                            .contains("that grant has expired");
                    assertThat(body.get("hint").asText()).contains("has expired").contains("You may ask for it again")
                            .contains("egress-proxy-block");
                }
                assertThat(proxy.status().get("generation").asLong()).as("no reload happened").isEqualTo(1);
                List<JsonNode> log = Files.readAllLines(proxy.stdout).stream().filter(l -> l.startsWith("{"))
                        .map(l -> read(l)).filter(n -> n.has("verdict") && !n.get("method").asText().equals("CONNECT")).toList();
                assertThat(log).extracting(n -> n.get("verdict").asText() + " " + n.get("reason").asText() + " " + n.get("path").asText())
                        .containsExactly("allow allowed /granted/x", "deny grant-expired /granted/x",
                                "deny grant-expired /other", "deny grant-expired /elsewhere"); // the log records the normalised path that was decided
                assertThat(proxy.allOutput()).doesNotContain(SECRET);
                return true;
            }
        }
    }

    private static JsonNode read(String line) {
        try {
            return ProxyHarness.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
