package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6: the real egress-proxy process injects only secrets it was given (its secrets
 * directory, or {@code --secrets-stdin}); no environment variable of whoever started it is ever a
 * secret, however the route names it.
 */
class DeclaredSecretsIT {
    private static final String OPERATOR_KEY = "AKIA-operator-private-key-7c1d";
    private static final String DECLARED = "ghp_declared-token-31f5";

    @TempDir
    Path dir;

    private static String routeNaming(int port, String secret) {
        return """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    auth:
                      header: X-Api-Key
                      secret: %s
                """.formatted(port, secret);
    }

    @Test
    void anEnvironmentVariableOfTheOperatorIsNeverInjectedWhateverTheRouteNamesIt() throws Exception {
        // Attacker: an approved route names a variable the operator's shell happens to hold.
        for (String stolen : List.of("AWS_SECRET_ACCESS_KEY", "PATH", "HOME", "JAVA_HOME")) {
            Path run = Files.createDirectories(dir.resolve(stolen));
            try (TestUpstream upstream = TestUpstream.https();
                    ProxyProcess proxy = ProxyProcess.start(run, routeNaming(upstream.port(), stolen), Map.of(),
                            List.of(upstream.caPem()), Map.of("AWS_SECRET_ACCESS_KEY", OPERATOR_KEY), null)) {
                HttpResponse<String> response = proxy.client().send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + upstream.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as(stolen).isNotEqualTo(200);
                assertThat(upstream.seen()).as(stolen).isEmpty();
                JsonNode status = proxy.status();
                assertThat(status.get("missing_secrets").toString()).isEqualTo("[\"" + stolen + "\"]");
                assertThat(proxy.allOutput()).doesNotContain(OPERATOR_KEY);
            }
        }
    }

    @Test
    void secretsHandedOverOnStandardInputAreInjectedAndNothingElse() throws Exception {
        try (TestUpstream upstream = TestUpstream.https();
                ProxyProcess proxy = ProxyProcess.start(dir, routeNaming(upstream.port(), "GITHUB_TOKEN"), Map.of(),
                        List.of(upstream.caPem()), Map.of("GITHUB_TOKEN", "from-the-environment"),
                        "GITHUB_TOKEN=" + DECLARED + "\n", "--secrets-stdin")) {
            HttpResponse<String> response = proxy.client().send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + upstream.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(upstream.lastSeen().get("X-Api-Key")).containsExactly(DECLARED);
            assertThat(proxy.status().get("missing_secrets").toString()).isEqualTo("[]");
            assertThat(proxy.allOutput()).doesNotContain(DECLARED);
            // The value is in no file and not on the command line.
            assertThat(ProcessHandle.of(proxy.process.pid()).orElseThrow().info().arguments().map(List::of).orElse(List.of()))
                    .noneMatch(a -> a.contains(DECLARED));
        }
    }

    @Test
    void anEmptyLineEndsTheSecretsWhileStandardInputStaysOpen() throws Exception {
        // As on Docker, where the attached client may not half-close: the proxy must not wait for end of input.
        Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
        Path status = dir.resolve("status.json");
        Process process = new ProcessBuilder("env", "--default-signal=HUP", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), EgressProxyMain.class.getName(),
                "--routes", dir.resolve("routes.yaml").toString(), "--listen", "127.0.0.1:0",
                "--ca-dir", dir.resolve("ca").toString(), "--status", status.toString(), "--secrets-stdin")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
            process.getOutputStream().write(("GITHUB_TOKEN=" + DECLARED + "\n\nIGNORED=after-the-end\n").getBytes());
            process.getOutputStream().flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !(Files.exists(status) && Files.readString(status).contains("\"running\""))) {
                assertThat(process.isAlive()).as(Files.readString(dir.resolve("out.log"))).isTrue();
                Thread.sleep(50);
            }
            assertThat(Files.readString(status)).contains("\"running\"");
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void malformedStandardInputStopsTheStartWithoutEchoingTheValue() throws Exception {
        for (String input : List.of("no-equals-sign-" + DECLARED + "\n", "A=" + DECLARED + "\nA=" + DECLARED + "\n",
                "=" + DECLARED + "\n", "1BAD=" + DECLARED + "\n")) {
            Path run = Files.createDirectories(dir.resolve("run" + Math.abs(input.hashCode())));
            Files.writeString(run.resolve("routes.yaml"), "routes: []\n");
            Process process = new ProcessBuilder("env", "--default-signal=HUP", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-cp", System.getProperty("java.class.path"), EgressProxyMain.class.getName(),
                    "--routes", run.resolve("routes.yaml").toString(), "--listen", "127.0.0.1:0",
                    "--ca-dir", run.resolve("ca").toString(), "--secrets-stdin")
                    .redirectErrorStream(true).start();
            try (var in = process.getOutputStream()) {
                in.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isEqualTo(3);
            assertThat(output).contains("--secrets-stdin").doesNotContain(DECLARED);
        }
    }
}
