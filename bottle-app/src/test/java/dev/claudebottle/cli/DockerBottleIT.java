package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real bottle on the real Docker engine, through {@code bin/bottle}: the sidecar images are built
 * offline, the agent is a small locally built image (busybox + curl), and from inside it an allowed
 * HTTPS request succeeds through the proxy with the credential injected, a blocked one gets the 403
 * body, a direct connection fails, and neither secrets nor another bottle's queue are visible.
 * Every resource is labelled and removed afterwards, also when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerBottleIT {
    private static final Path BOTTLE = Path.of("..", "bin", "bottle").toAbsolutePath().normalize();
    private static final String SECRET_VALUE = "s3cret-" + UUID.randomUUID();

    private Path work;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String name = "it-" + suffix;
    private final String other = "it-other-" + suffix;
    private final String agentImage = "claude-bottle-test-agent:" + suffix;
    private final ConcurrentLinkedQueue<String> upstreamAuthorizations = new ConcurrentLinkedQueue<>();
    private Path home;
    private HttpsServer upstream;

    @BeforeAll
    void startBottles() throws Exception {
        work = Files.createTempDirectory("claude-bottle-docker-it");
        home = Files.createDirectories(work.resolve("home"));
        Path upstreamCa = startUpstream();
        buildAgentImage();
        Path routes = work.resolve("routes.yaml");
        Files.writeString(routes, "routes:\n  - host: host.docker.internal\n    port: " + upstream.getAddress().getPort()
                + "\n    allow_private: true\n    auth:\n      header: Authorization\n      secret: UPSTREAM_TOKEN\n"
                + "      prefix: \"Bearer \"\n");
        Result up = bottle(Map.of("IT_SECRET", SECRET_VALUE), "up", name, "--gateway", "docker", "--image", agentImage,
                "--routes", routes.toString(), "--secret", "UPSTREAM_TOKEN=IT_SECRET", "--upstream-ca", upstreamCa.toString());
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).contains("bottle " + name + " is up (gateway docker)")
                .contains("`docker exec -it claude-bottle-" + name + "-agent sh` opens a shell in it");
        Result second = bottle(Map.of(), "up", other, "--gateway", "docker", "--image", agentImage);
        assertThat(second.exitCode()).as(second.err()).isZero();
    }

    @AfterAll
    void removeEverything() throws Exception {
        try {
            bottle(Map.of(), "down", name);
            bottle(Map.of(), "down", other);
        } finally {
            run(List.of("docker", "rmi", "-f", agentImage));
            if (upstream != null) {
                upstream.stop(0);
            }
            try (var paths = Files.walk(work)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        assertThat(run(List.of("docker", "ps", "-aq", "--filter", "label=claude-bottle.bottle=" + name)).out()).isBlank();
        assertThat(run(List.of("docker", "network", "ls", "-q", "--filter", "label=claude-bottle.bottle=" + name)).out()).isBlank();
        assertThat(run(List.of("docker", "volume", "ls", "-q", "--filter", "label=claude-bottle.bottle=" + name)).out()).isBlank();
    }

    @Test
    void anAllowedHttpsRequestSucceedsThroughTheProxyWithTheCredentialInjected() throws Exception {
        Result result = inAgent("curl", "-sS", "--max-time", "20",
                "https://host.docker.internal:" + upstream.getAddress().getPort() + "/hello");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("hello from upstream\n");
        assertThat(upstreamAuthorizations).contains("Bearer " + SECRET_VALUE);
    }

    @Test
    void aBlockedRequestGetsTheExplanatory403() throws Exception {
        Result result = inAgent("curl", "-sS", "--max-time", "20", "-w", "\\n%{http_code}", "https://blocked.example.com/x");

        assertThat(result.out()).endsWith("\n403").contains("egress-proxy-block");
    }

    @Test
    void aDirectConnectionThatBypassesTheProxyFails() throws Exception {
        Result direct = inAgent("curl", "-sS", "--noproxy", "*", "--max-time", "5",
                "https://host.docker.internal:" + upstream.getAddress().getPort() + "/hello");
        Result byAddress = inAgent("nc", "-w", "3", "172.17.0.1", Integer.toString(upstream.getAddress().getPort()));

        assertThat(direct.exitCode()).isNotZero();
        assertThat(byAddress.exitCode()).isNotZero();
    }

    @Test
    void theAgentSeesNeitherSecretsNorAnotherBottlesQueue() throws Exception {
        Result environment = inAgent("env");
        Result queue = inAgent("ls", "/var/lib/claude-bottle");
        String superviseMounts = run(List.of("docker", "inspect", "-f", "{{json .Mounts}}", "claude-bottle-" + name + "-supervise")).out();

        assertThat(environment.out()).doesNotContain(SECRET_VALUE).containsPattern("HTTPS_PROXY=http://bottle:[0-9a-f]{64}@egress-proxy:3128");
        assertThat(queue.exitCode()).isNotZero();
        assertThat(superviseMounts).contains("/bottles/" + name + "\"").doesNotContain("/bottles/" + other)
                .doesNotContain("docker.sock");
    }

    @Test
    void noContainerConfigurationOrLogHoldsTheSecretValue() throws Exception {
        // Issue 12 items 7 and 16: the engine stores each container's configuration (config.v2.json) on disk and
        // `docker inspect` shows it; the secret must be in none of them, nor in the logs; only the proxy's memory.
        for (String component : List.of("egress-proxy", "supervise", "agent")) {
            String container = "claude-bottle-" + name + "-" + component;
            Result inspect = run(List.of("docker", "inspect", container));
            assertThat(inspect.exitCode()).as(inspect.err()).isZero();
            assertThat(inspect.out()).as("docker inspect " + container).doesNotContain(SECRET_VALUE)
                    .doesNotContain("UPSTREAM_TOKEN=").doesNotContain("IT_SECRET");
            Result logs = run(List.of("docker", "logs", container));
            assertThat(logs.out() + logs.err()).as("docker logs " + container).doesNotContain(SECRET_VALUE);
        }
        Result proxyEnvironment = run(List.of("docker", "inspect", "-f", "{{json .Config.Env}} {{.Config.OpenStdin}} {{.Config.StdinOnce}}",
                "claude-bottle-" + name + "-egress-proxy"));
        assertThat(proxyEnvironment.out()).doesNotContain(SECRET_VALUE).contains("true true");
        // ... and yet the proxy holds it: the request of anAllowedHttpsRequestSucceeds... carries it upstream.
        Result allowed = inAgent("curl", "-sS", "--max-time", "20",
                "https://host.docker.internal:" + upstream.getAddress().getPort() + "/again");
        assertThat(allowed.out()).isEqualTo("hello from upstream\n");
        assertThat(upstreamAuthorizations).contains("Bearer " + SECRET_VALUE);
        try (var files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(SECRET_VALUE);
            }
        }
    }

    @Test
    void theAgentHasTheCurrentRoutesReadOnlyAndItsMcpConfiguration() throws Exception {
        Result routes = inAgent("cat", "/etc/claude-bottle/current-config/routes.yaml");
        Result write = inAgent("sh", "-c", "echo x > /etc/claude-bottle/current-config/routes.yaml");
        Result mcp = inAgent("cat", "/etc/claude-bottle/mcp.json");

        assertThat(routes.out()).contains("host.docker.internal");
        assertThat(write.exitCode()).isNotZero();
        assertThat(mcp.out()).contains("http://supervise:8080/mcp").contains("Bearer ");
    }

    @Test
    void theAgentReachesOnlyItsOwnSuperviseServerAndOnlyWithItsToken() throws Exception {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
        String post = "curl -sS -o /dev/null --max-time 20 -w '%{http_code}' -X POST -H 'Content-Type: application/json'"
                + " -H 'Accept: application/json, text/event-stream' -d '" + initialize + "' ";
        Result withToken = inAgent("sh", "-c", post + "-H \"Authorization: Bearer $(cat /etc/claude-bottle/supervise-token)\""
                + " http://supervise:8080/mcp");
        Result withoutToken = inAgent("sh", "-c", post + "http://supervise:8080/mcp");
        String otherSupervise = "http://claude-bottle-" + other + "-supervise:8080/mcp";
        Result otherDirect = inAgent("curl", "-sS", "--noproxy", "*", "--max-time", "5", otherSupervise);
        Result otherViaProxy = inAgent("curl", "-sS", "--max-time", "20", "-w", "\\n%{http_code}", otherSupervise);

        assertThat(withToken.out()).as(withToken.err()).isEqualTo("200");
        assertThat(withoutToken.out()).isEqualTo("401");
        assertThat(otherDirect.exitCode()).isNotZero();
        assertThat(otherViaProxy.out()).endsWith("\n403").contains("egress-proxy-block");
    }

    @Test
    void lsListsBothBottlesWithTheirSidecars() throws Exception {
        Result ls = bottle(Map.of(), "ls", "--json");

        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("\"name\" : \"" + name + "\"").contains("\"name\" : \"" + other + "\"")
                .contains("\"gateway\" : \"docker\"").contains("\"egress-proxy\" : \"running\"").contains("\"supervise\" : \"running\"");
    }

    record Result(int exitCode, String out, String err) {}

    private Result inAgent(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("docker", "exec", "claude-bottle-" + name + "-agent"));
        full.addAll(List.of(command));
        return run(full);
    }

    private Result bottle(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(BOTTLE.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of("CLAUDE_BOTTLE_HOME", home.toString()), environment);
    }

    @SafeVarargs
    private static Result run(List<String> command, Map<String, String>... environments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        for (Map<String, String> environment : environments) {
            builder.environment().putAll(environment);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Result(process.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A real TLS server on the host, with a self-signed certificate for host.docker.internal; returns its PEM. */
    private Path startUpstream() throws Exception {
        Path keystore = work.resolve("upstream.p12");
        Path pem = work.resolve("upstream.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        assertThat(run(List.of(keytool, "-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=host.docker.internal", "-ext", "SAN=dns:host.docker.internal", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")).exitCode()).isZero();
        assertThat(run(List.of(keytool, "-exportcert", "-rfc", "-alias", "upstream", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", pem.toString())).exitCode()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        upstream = HttpsServer.create(new InetSocketAddress("0.0.0.0", 0), 16);
        upstream.setHttpsConfigurator(new HttpsConfigurator(tls));
        upstream.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            upstreamAuthorizations.add(authorization == null ? "(none)" : authorization);
            byte[] body = "hello from upstream\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        return pem;
    }

    /** busybox and curl (with the libraries ldd finds for it) over scratch, built with the docker CLI. */
    private void buildAgentImage() throws Exception {
        Path context = Files.createDirectories(work.resolve("agent"));
        Path rootfs = Files.createDirectories(context.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "cat", "ls", "env", "nc", "sleep", "echo")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Path curl = Path.of("/usr/bin/curl");
        copyInto(rootfs, curl);
        for (String line : run(List.of("ldd", curl.toString())).out().split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(/\\S+) \\(0x").matcher(line);
            if (m.find()) {
                copyInto(rootfs, Path.of(m.group(1)));
            }
        }
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\nCMD [\"/bin/sh\", \"-c\", \"while :; do sleep 3600; done\"]\n");
        Result build = run(List.of("docker", "build", "-q", "--label", "claude-bottle.test=true", "-t", agentImage, context.toString()));
        assertThat(build.exitCode()).as(build.err()).isZero();
    }

    private static void copyInto(Path rootfs, Path file) throws IOException {
        Path target = rootfs.resolve(file.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file.toRealPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        target.toFile().setExecutable(true);
    }

}
