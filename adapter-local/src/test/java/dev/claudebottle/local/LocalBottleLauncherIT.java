package dev.claudebottle.local;

import dev.claudebottle.tools.egressproxy.FileAndSignalConfigs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.application.port.out.Installation;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local bottle end to end: the real egress-proxy as a detached child, pids recorded, the proxy
 * enforcing routes over real TLS, a route change applied through the local gateway with a real
 * SIGHUP, and {@code down} leaving nothing running. The supervise child here is the JDK's
 * {@code jwebserver} standing in for {@code bottle supervise} (which lives in adapter-cli): this test
 * is about the launcher's process handling, the MCP server has its own tests.
 */
class LocalBottleLauncherIT {
    private static final ConfigFile ROUTES = ConfigFile.of("routes:\n  - host: allowed.example.com\n");

    @TempDir
    Path home;

    private LocalBottles bottles;
    private LocalBottleLauncher launcher;
    private final BottleId bottle = BottleId.of("local-it");

    @BeforeEach
    void createLauncher() {
        bottles = new LocalBottles(home);
        launcher = new LocalBottleLauncher(bottles, home, commandsFor(home));
    }

    private static LocalCommands commandsFor(Path home) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String jwebserver = Path.of(java).resolveSibling("jwebserver").toString();
        return new LocalCommands(
                List.of(java, "-cp", System.getProperty("java.class.path"), "dev.claudebottle.egress.EgressProxyMain"),
                List.of("/bin/sh", "-c", "exec " + jwebserver + " -b 127.0.0.1 -d " + home + " -p \"${5##*:}\"", "bottle"));
    }

    @AfterEach
    void removeBottle() {
        launcher.down(bottle);
    }

    @Test
    void upStartsAProxyThatEnforcesTheRoutesAndDownStopsIt() throws Exception {
        RunningBottle running = launcher.up(new LaunchRequest(bottle, ROUTES, Optional.empty(), Map.of("TOKEN", "s3cret"), List.of()));

        assertThat(running.gateway()).isEqualTo("local");
        assertThat(running.proxyUrl()).matches("http://bottle:[0-9a-f]{64}@127\\.0\\.0\\.1:\\d+");
        assertThat(running.mcpUrl()).matches("http://127\\.0\\.0\\.1:\\d+/mcp");
        assertThat(running.components()).containsEntry(Component.EGRESS_PROXY, "running").containsEntry(Component.SUPERVISE, "running");
        assertThat(Path.of(running.mcpTokenFile())).isRegularFile();
        assertThat(Files.getPosixFilePermissions(Path.of(running.mcpTokenFile())).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(launcher.list()).extracting(RunningBottle::name).containsExactly(bottle);

        HttpResponse<String> denied = throughProxy(running, "https://denied.example.com/");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("X-Egress-Proxy-Block")).isPresent();

        ComponentProcess proxy = bottles.process(bottle, Component.EGRESS_PROXY).orElseThrow();
        assertThat(launcher.down(bottle)).isTrue();
        assertThat(proxy.running()).isFalse();
        assertThat(bottles.bottle(bottle)).doesNotExist();
        assertThat(launcher.list()).isEmpty();
        assertThat(launcher.down(bottle)).isFalse();
    }

    /**
     * Another local user learns nothing of a running bottle: the decision log (hosts and paths the agent asked
     * for), the status file, the logs, the proxy's CA key and credential all sit under the bottle's directory,
     * which only its owner may enter, and the decision log itself is owner-only.
     */
    @Test
    void nothingOfARunningBottleIsReadableByAnotherLocalUser() throws Exception {
        RunningBottle running = launcher.up(new LaunchRequest(bottle, ROUTES, Optional.empty(), Map.of(), List.of()));
        assertThat(throughProxy(running, "https://denied.example.com/private/path").statusCode()).isEqualTo(403);

        Path dir = bottles.bottle(bottle);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        Path decisions = ComponentPath.resolve(bottles.root(bottle, Component.EGRESS_PROXY),
                "/var/log/egress-proxy/decisions.jsonl");
        assertThat(Files.readString(decisions)).contains("/private/path");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(decisions))).isEqualTo("rw-------");
    }

    /**
     * Any local process can connect to the proxy's loopback port; only one holding the bottle's credential may use it.
     * Real curl: without the credential, with a wrong one, with the proxy's address but another user -> 407 (and nothing
     * decided); with the URL the launcher reports -> the route decision (403 for a denied host, so no network needed).
     */
    @Test
    void onlyTheCredentialInTheReportedProxyUrlOpensTheProxy() throws Exception {
        RunningBottle running = launcher.up(new LaunchRequest(bottle, ROUTES, Optional.empty(), Map.of(), List.of()));
        URI url = URI.create(running.proxyUrl());
        String password = url.getUserInfo().substring(url.getUserInfo().indexOf(':') + 1);
        String bare = "http://" + url.getHost() + ":" + url.getPort();

        assertThat(url.getUserInfo()).matches("bottle:[0-9a-f]{64}");
        for (String proxy : List.of(bare, "http://bottle:wrong@" + url.getHost() + ":" + url.getPort(),
                "http://intruder:" + password + "@" + url.getHost() + ":" + url.getPort())) {
            assertThat(curl(proxy, "http://denied.example.com/")).as(proxy).isEqualTo("407");
            assertThat(curl(proxy, "https://denied.example.com/")).as(proxy).isEqualTo("407");
        }
        assertThat(curl(running.proxyUrl(), "http://denied.example.com/")).isEqualTo("403");
        Path credential = bottles.bottle(bottle).resolve(LocalBottleLauncher.PROXY_AUTH);
        assertThat(Files.getPosixFilePermissions(credential).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(Files.readString(bottles.bottle(bottle).resolve("bottle.json"))).doesNotContain(password);
        assertThat(ProcessHandle.allProcesses().flatMap(p -> p.info().commandLine().stream())
                .filter(line -> line.contains(password))).isEmpty();
    }

    /** curl through {@code proxy}; the HTTP code of the proxy's answer (to CONNECT for an https target). */
    private static String curl(String proxy, String target) throws Exception {
        String code = target.startsWith("https:") ? "%{http_connect}" : "%{http_code}";
        Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "--max-time", "20", "-w", code,
                "--proxy", proxy, "--cacert", "/dev/null", target).redirectErrorStream(false).start();
        curl.getOutputStream().close();
        String out = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        curl.waitFor();
        return out;
    }

    @Test
    void childrenGetAnAllowlistedEnvironmentAndOnlyTheProxyHoldsTheDeclaredSecretInMemory() throws Exception {
        // The operator's shell holds credentials of its own; only TOKEN is declared for the bottle.
        Map<String, String> shell = new java.util.HashMap<>(System.getenv());
        shell.put("AWS_SECRET_ACCESS_KEY", "aws-operator-key-0d3e");
        shell.put("SSH_AUTH_SOCK", "/tmp/ssh-agent-operator.sock");
        shell.put("GITHUB_TOKEN", "ghp-operator-shell-token");
        shell.put("LC_TIME", "C.UTF-8");
        LocalBottleLauncher withShell = new LocalBottleLauncher(bottles, home, commandsFor(home), shell);
        ConfigFile routes = ConfigFile.of("""
                routes:
                  - host: declared.example.com
                    auth: {header: Authorization, secret: TOKEN}
                  - host: aws.example.com
                    auth: {header: Authorization, secret: AWS_SECRET_ACCESS_KEY}
                  - host: shell.example.com
                    auth: {header: Authorization, secret: GITHUB_TOKEN}
                  - host: path.example.com
                    auth: {header: Authorization, secret: PATH}
                """);

        withShell.up(new LaunchRequest(bottle, routes, Optional.empty(), Map.of("TOKEN", "declared-s3cret-91ab"), List.of()));

        for (Component component : List.of(Component.EGRESS_PROXY, Component.SUPERVISE)) {
            ComponentProcess.Child child = (ComponentProcess.Child) bottles.process(bottle, component).orElseThrow();
            String environ = Files.readString(Path.of("/proc/" + child.pid() + "/environ")).replace('\0', '\n');
            assertThat(environ).as(component + " environment").doesNotContain("declared-s3cret-91ab", "aws-operator-key-0d3e",
                    "ghp-operator-shell-token", "ssh-agent-operator", "AWS_SECRET_ACCESS_KEY", "SSH_AUTH_SOCK", "GITHUB_TOKEN=");
            assertThat(environ.lines().map(l -> l.substring(0, l.indexOf('='))).toList()).as(component + " environment")
                    .allMatch(name -> ChildEnvironment.COMMON.contains(name) || name.startsWith("LC_")
                            || name.equals("CLAUDE_BOTTLE_HOME") || name.endsWith("_JAVA_OPTS")
                            || name.equals("PWD")); // set by the /bin/sh that stands in for `bottle supervise` here
            assertThat(environ).contains("LC_TIME=C.UTF-8");
            String argv = Files.readString(Path.of("/proc/" + child.pid() + "/cmdline"));
            assertThat(argv).doesNotContain("declared-s3cret-91ab");
        }
        // The proxy holds TOKEN (handed over on stdin) and nothing of the shell: the other routes are missing secrets.
        Path status = ComponentPath.resolve(bottles.root(bottle, Component.EGRESS_PROXY), "/run/egress-proxy/status.json");
        assertThat(Files.readString(status)).contains("\"missing_secrets\":[\"AWS_SECRET_ACCESS_KEY\",\"GITHUB_TOKEN\",\"PATH\"]");
        try (var files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("ca.key")) {
                    assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain("declared-s3cret-91ab");
                }
            }
        }
    }

    @Test
    void routesAppliedThroughTheLocalGatewayAreLoadedByTheRunningProxy() throws Exception {
        launcher.up(new LaunchRequest(bottle, ROUTES, Optional.empty(), Map.of(), List.of()));
        FileAndSignalConfigs configs = new FileAndSignalConfigs(new LocalContainerFiles(bottles), Clock.SYSTEM,
                new FileAndSignalConfigs.Settings(Duration.ofSeconds(10), Duration.ofMillis(50)));
        ConfigFile next = ConfigFile.of("routes:\n  - host: allowed.example.com\n  - host: pypi.org\n");

        Installation installed = configs.install(bottle, Component.EGRESS_PROXY, configs.current(bottle, Component.EGRESS_PROXY), next);
        Installation stale = configs.install(bottle, Component.EGRESS_PROXY, ROUTES, ConfigFile.of("routes:\n  - host: stale.example\n"));
        Installation refused = configs.install(bottle, Component.EGRESS_PROXY, next, ConfigFile.of("routes:\n  - hots: typo.example\n"));

        assertThat(installed).isInstanceOf(Installation.Installed.class);
        assertThat(stale).isEqualTo(new Installation.BaseChanged(next.sha256()));
        assertThat(refused).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).isTrue();
            assertThat(n.cause()).contains("egress-proxy rejected the routes");
        });
        assertThat(configs.current(bottle, Component.EGRESS_PROXY).sha256()).isEqualTo(next.sha256());
        assertThat(Files.readString(bottles.root(bottle, Component.AGENT)
                .resolve("etc/claude-bottle/current-config/routes.yaml"))).isEqualTo(next.text());
    }

    @Test
    void aBottleThatExistsCannotBeStartedTwice() throws Exception {
        launcher.up(new LaunchRequest(bottle, ROUTES, Optional.empty(), Map.of(), List.of()));

        assertThatThrownBy(() -> launcher.up(new LaunchRequest(bottle, ROUTES, Optional.empty(), Map.of(), List.of())))
                .isInstanceOf(GatewayException.class).hasMessageContaining("bottle down local-it");
        assertThat(launcher.list()).hasSize(1);
    }

    @Test
    void aSuperviseServerThatNeverAnswersLeavesNothingBehind() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        LocalBottleLauncher broken = new LocalBottleLauncher(bottles, home, new LocalCommands(
                List.of(java, "-cp", System.getProperty("java.class.path"), "dev.claudebottle.egress.EgressProxyMain"),
                List.of("/bin/sh", "-c", "echo supervise cannot start >&2; exit 3", "bottle")));

        assertThatThrownBy(() -> broken.up(new LaunchRequest(bottle, ROUTES, Optional.empty(), Map.of(), List.of())))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.component()).isEqualTo(Component.SUPERVISE);
                    assertThat(e.getMessage()).contains("supervise cannot start");
                });
        assertThat(bottles.bottle(bottle)).doesNotExist();
    }

    private static HttpResponse<String> throughProxy(RunningBottle running, String url) throws Exception {
        URI proxy = URI.create(running.proxyUrl());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("bottle-ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(running.caCert())))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls)
                .proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(), proxy.getPort())))
                .authenticator(ProxyCredentials.of(proxy))
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
