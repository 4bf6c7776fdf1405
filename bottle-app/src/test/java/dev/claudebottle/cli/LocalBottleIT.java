package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bottle up --gateway local} as a user runs it: real egress-proxy and real {@code bottle supervise}
 * children, the printed instructions, {@code ls --json}, an agent-side request through the proxy
 * trusting the printed CA, the MCP endpoint refusing a missing token, and {@code down}.
 */
class LocalBottleIT {
    private static final Path BOTTLE = Path.of("..", "bin", "bottle").toAbsolutePath().normalize();

    @TempDir
    Path home;

    @AfterEach
    void down() throws Exception {
        bottle("down", "local-it");
    }

    @Test
    void upPrintsHowToReachAReadyBottleAndDownStopsIt() throws Exception {
        Result up = bottle("up", "local-it", "--gateway", "local");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).contains("bottle local-it is up (gateway local)").containsPattern("export HTTPS_PROXY=http://bottle:[0-9a-f]{64}@127\\.0\\.0\\.1:")
                .contains("claude mcp add --transport http supervise http://127.0.0.1:");
        JsonNode listed = new ObjectMapper().readTree(bottle("ls", "--json").out()).get(0);
        assertThat(listed.get("name").asText()).isEqualTo("local-it");
        assertThat(listed.get("gateway").asText()).isEqualTo("local");
        assertThat(listed.get("pending").asInt()).isZero();
        assertThat(listed.get("components").get("supervise").asText()).isEqualTo("running");

        HttpResponse<String> denied = throughProxy(listed, "https://example.org/");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("egress-proxy-block");
        assertThat(curlWithThePrintedExports(up.out(), "https://example.org/")).as("curl through the proxy, trusting its CA")
                .isEqualTo("403");

        HttpResponse<String> noToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(listed.get("mcp_url").asText()))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);

        Result down = bottle("down", "local-it");
        assertThat(down.exitCode()).isZero();
        assertThat(bottle("ls", "--json").out().strip()).isEqualTo("[ ]");
        assertThat(bottle("down", "local-it").exitCode()).isEqualTo(3);
    }

    @Test
    void aSecretNamingAnUnsetVariableIsAUsageError() throws Exception {
        Result up = bottle("up", "local-it", "--gateway", "local", "--secret", "TOKEN=CLAUDE_BOTTLE_IT_UNSET_VARIABLE");

        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.err()).contains("CLAUDE_BOTTLE_IT_UNSET_VARIABLE is not set");
    }

    @Test
    void anInterruptedUpStopsAndRemovesWhatItStarted() throws Exception {
        Path neverReady = home.resolve("never-ready-proxy");
        Files.writeString(neverReady, "#!/bin/sh\nexec sleep 600\n");
        neverReady.toFile().setExecutable(true);
        ProcessBuilder builder = new ProcessBuilder(BOTTLE.toString(), "up", "local-it", "--gateway", "local")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("CLAUDE_BOTTLE_HOME", home.toString());
        builder.environment().put("CLAUDE_BOTTLE_EGRESS_PROXY", neverReady.toString());
        Process up = builder.start();
        Path record = home.resolve("gateways/local/local-it/components/egress-proxy/process");
        for (int i = 0; i < 300 && !Files.exists(record); i++) {
            Thread.sleep(100);
        }
        assertThat(record).exists();
        long proxyPid = Long.parseLong(Files.readString(record).split(" ")[1]);
        assertThat(ProcessHandle.of(proxyPid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        up.destroy();

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(home.resolve("gateways/local/local-it")).doesNotExist();
        assertThat(ProcessHandle.of(proxyPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    record Result(int exitCode, String out, String err) {}

    /** Runs curl in a clean environment holding only what the printed {@code export} lines set; its HTTP status. */
    private static String curlWithThePrintedExports(String upOutput, String url) throws Exception {
        String exports = upOutput.lines().map(String::strip).filter(line -> line.startsWith("export "))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(exports).contains("CURL_CA_BUNDLE=");
        Process curl = new ProcessBuilder("env", "-i", "PATH=" + System.getenv("PATH"), "sh", "-c",
                exports + "\nexec curl -sS -o /dev/null -w '%{http_code}' " + url).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output.strip();
    }

    private Result bottle(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(BOTTLE.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLAUDE_BOTTLE_HOME", home.toString());
        builder.environment().remove("CLAUDE_BOTTLE_IT_UNSET_VARIABLE");
        Process process = builder.start();
        process.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), out, err.get());
    }

    private static HttpResponse<String> throughProxy(JsonNode bottle, String url) throws Exception {
        URI proxy = URI.create(bottle.get("proxy_url").asText());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("bottle", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(Path.of(bottle.get("ca_cert").asText())))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls)
                .proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(), proxy.getPort())))
                .authenticator(ProxyCredentials.of(proxy)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
