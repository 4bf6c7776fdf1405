package dev.claudebottle.local;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.ProxyCredential;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs bottles as local processes: the egress-proxy and the supervise server are detached children
 * whose pids (and start times) are recorded under the state directory; the agent is whoever the
 * operator points at them. Thread-safe for different bottles; one bottle is started by one caller.
 */
final class LocalBottleLauncher implements BottleLauncher {
    static final String NAME = "local";
    private static final Duration READY_PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The proxy's credential file in the bottle's directory ({@code --proxy-auth-file}). */
    static final String PROXY_AUTH = "proxy-auth";

    private final LocalBottles bottles;
    private final Path stateHome;
    private final LocalCommands commands;
    private final Map<String, String> operatorEnvironment;

    LocalBottleLauncher(LocalBottles bottles, Path stateHome, LocalCommands commands) {
        this(bottles, stateHome, commands, System.getenv());
    }

    /** @param operatorEnvironment the environment of {@code bottle up}; children get only its allowlisted part */
    LocalBottleLauncher(LocalBottles bottles, Path stateHome, LocalCommands commands, Map<String, String> operatorEnvironment) {
        this.bottles = bottles;
        this.stateHome = stateHome.toAbsolutePath().normalize();
        this.commands = commands;
        this.operatorEnvironment = Map.copyOf(operatorEnvironment);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public RunningBottle up(LaunchRequest request) throws InterruptedException {
        BottleId bottle = request.bottle();
        if (bottles.exists(bottle)) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "local bottle " + bottle
                    + " already exists (" + bottles.bottle(bottle) + "); `bottle down " + bottle + "` removes it first");
        }
        // An interrupted `bottle up` (Ctrl-C, SIGTERM) stops and removes what it started so far.
        Thread cleanup = new Thread(() -> down(bottle), "bottle-up-cleanup-" + bottle);
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return start(request);
        } catch (IOException e) {
            down(bottle);
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "could not start local bottle " + bottle
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException | RuntimeException e) {
            down(bottle);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running and removes the half-started bottle.
            }
        }
    }

    private RunningBottle start(LaunchRequest request) throws IOException, InterruptedException {
        BottleId bottle = request.bottle();
        Path dir = bottles.bottle(bottle);
        Files.createDirectories(dir);
        // the decision log, status, logs, CA key and credentials live below: no other local user may enter
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path proxyRoot = bottles.root(bottle, Component.EGRESS_PROXY);
        Path routes = ComponentPath.resolve(proxyRoot, EgressProxyPaths.ROUTES_FILE);
        LocalBottles.writeAtomically(routes, request.routes().bytes());
        bottles.recordProcess(bottle, Component.AGENT, new ComponentProcess.Passive());
        Path agentRoutes = ComponentPath.resolve(bottles.root(bottle, Component.AGENT), EgressProxyPaths.AGENT_CURRENT_ROUTES);
        LocalBottles.writeAtomically(agentRoutes, request.routes().bytes());

        Path caDir = ComponentPath.resolve(proxyRoot, "/var/lib/egress-proxy/ca");
        Path status = ComponentPath.resolve(proxyRoot, EgressProxyPaths.STATUS_FILE);
        Path decisions = ComponentPath.resolve(proxyRoot, EgressProxyPaths.DECISION_LOG);
        Files.createDirectories(decisions.getParent());
        Files.createDirectories(status.getParent());
        // Any local process can connect to 127.0.0.1; only who holds this credential (mode 0600) may use the proxy.
        Path proxyAuth = dir.resolve(PROXY_AUTH);
        writePrivate(proxyAuth, ProxyCredential.generate().fileContent());
        List<String> proxy = new ArrayList<>(commands.egressProxy());
        proxy.addAll(List.of("--routes", routes.toString(), "--listen", "127.0.0.1:0", "--proxy-auth-file", proxyAuth.toString(),
                "--ca-dir", caDir.toString(),
                "--status", status.toString(), "--decision-log", decisions.toString(), "--secrets-stdin"));
        for (int i = 0; i < request.upstreamCaPems().size(); i++) {
            Path ca = dir.resolve("upstream-ca-" + i + ".pem");
            LocalBottles.writeAtomically(ca, request.upstreamCaPems().get(i).getBytes(StandardCharsets.US_ASCII));
            proxy.addAll(List.of("--upstream-ca", ca.toString()));
        }
        Path proxyLog = dir.resolve("logs/egress-proxy.log");
        // The declared secrets travel only on the proxy's standard input, once: never on disk, in argv or in an
        // environment; the proxy holds them in memory and has no other source (none of the operator's variables).
        ProcessHandle proxyProcess = ChildProcesses.start(proxy, ChildEnvironment.of(operatorEnvironment,
                Set.of(ChildEnvironment.PROXY_JAVA_OPTS), Map.of()), Optional.of(secretsInput(request)), proxyLog);
        bottles.recordProcess(bottle, Component.EGRESS_PROXY, ComponentProcess.Child.of(proxyProcess));
        String listen = Readiness.proxyListening(status, proxyProcess, READY_PATIENCE).orElseThrow(() ->
                notReady(bottle, Component.EGRESS_PROXY, proxyProcess, proxyLog));

        Path token = dir.resolve("supervise-token");
        writeToken(token);
        int port = freePort();
        List<String> supervise = new ArrayList<>(commands.bottle());
        supervise.addAll(List.of("supervise", "--bottle", bottle.value(), "--listen", "127.0.0.1:" + port,
                "--token-file", token.toString(), "--current-routes", agentRoutes.toString(),
                // the operator's own files, read where they are: an edit of the policy applies at the next submission
                "--policy", stateHome.resolve("policy.yaml").toString(), "--notify", stateHome.resolve("notify.json").toString()));
        Path superviseLog = dir.resolve("logs/supervise.log");
        Set<String> inherited = new java.util.HashSet<>(Set.of(ChildEnvironment.BOTTLE_JAVA_OPTS));
        WebhookKeyName.in(stateHome.resolve("notify.json")).ifPresent(inherited::add); // it signs the submit notification
        ProcessHandle superviseProcess = ChildProcesses.start(supervise, ChildEnvironment.of(operatorEnvironment,
                inherited, Map.of("CLAUDE_BOTTLE_HOME", stateHome.toString())), superviseLog);
        bottles.recordProcess(bottle, Component.SUPERVISE, ComponentProcess.Child.of(superviseProcess));
        if (!Readiness.httpAnswers(new InetSocketAddress("127.0.0.1", port), superviseProcess, READY_PATIENCE)) {
            throw notReady(bottle, Component.SUPERVISE, superviseProcess, superviseLog);
        }

        ObjectNode record = JSON.createObjectNode();
        record.put("name", bottle.value());
        record.put("gateway", NAME);
        record.put("proxy_url", "http://" + listen);
        record.put("ca_cert", caDir.resolve("ca.pem").toString());
        record.put("mcp_url", "http://127.0.0.1:" + port + "/mcp");
        record.put("mcp_token_file", token.toString());
        LocalBottles.writeAtomically(dir.resolve("bottle.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        return describe(bottle).orElseThrow();
    }

    @Override
    public boolean down(BottleId bottle) {
        if (!bottles.exists(bottle)) {
            return false;
        }
        for (Component component : List.of(Component.SUPERVISE, Component.EGRESS_PROXY)) {
            try {
                bottles.process(bottle, component).ifPresent(process -> {
                    if (process instanceof ComponentProcess.Child child) {
                        child.handle().ifPresent(handle -> ChildProcesses.stop(handle, 35));
                    }
                });
            } catch (GatewayException e) {
                // An unreadable record has no process we could stop; removing the directory is all that is left.
            }
        }
        try {
            LocalBottles.deleteTree(bottles.bottle(bottle));
        } catch (IOException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "local bottle " + bottle
                    + " is stopped but " + bottles.bottle(bottle) + " could not be removed: " + e.getMessage(), e);
        }
        return true;
    }

    @Override
    public List<RunningBottle> list() {
        List<RunningBottle> running = new ArrayList<>();
        for (BottleId bottle : bottles.all()) {
            describe(bottle).ifPresent(running::add);
        }
        return running;
    }

    private Optional<RunningBottle> describe(BottleId bottle) {
        JsonNode record;
        try {
            record = JSON.readTree(Files.readAllBytes(bottles.bottle(bottle).resolve("bottle.json")));
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<Component, String> states = new LinkedHashMap<>();
        for (Component component : List.of(Component.EGRESS_PROXY, Component.SUPERVISE)) {
            states.put(component, bottles.process(bottle, component).map(p -> p.running() ? "running" : "exited")
                    .orElse("missing"));
        }
        return Optional.of(new RunningBottle(bottle, NAME, proxyUrl(bottle, record.path("proxy_url").asText()), record.path("ca_cert").asText(),
                record.path("mcp_url").asText(), record.path("mcp_token_file").asText(), states));
    }

    /** The proxy URL with the bottle's credential in it, as the agent sets it in HTTPS_PROXY. */
    private String proxyUrl(BottleId bottle, String recorded) {
        String prefix = "http://";
        try {
            String line = Files.readString(bottles.bottle(bottle).resolve(PROXY_AUTH), StandardCharsets.US_ASCII);
            return recorded.startsWith(prefix) ? ProxyCredential.parse(line).proxyUrl(recorded.substring(prefix.length())) : recorded;
        } catch (IOException | IllegalArgumentException e) {
            return recorded; // not readable by this user: the URL without the credential, which the proxy answers with 407
        }
    }

    private static GatewayException notReady(BottleId bottle, Component component, ProcessHandle process, Path log) {
        String what = process.isAlive() ? "did not become ready within " + READY_PATIENCE.toSeconds() + " s" : "exited at start-up";
        return new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, component, "the " + component
                + " of local bottle " + bottle + " " + what + "; its log (" + log + ") ends with:\n" + ChildProcesses.tail(log, 15));
    }

    /** {@code NAME=VALUE} lines for {@code egress-proxy --secrets-stdin}; LaunchRequest has refused line breaks. */
    private static byte[] secretsInput(LaunchRequest request) {
        StringBuilder lines = new StringBuilder();
        request.secrets().forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
        return lines.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeToken(Path token) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        writePrivate(token, HexFormat.of().formatHex(random) + "\n");
    }

    /** Writes {@code content} to a new file only its owner may read (mode 0600 from the moment it exists). */
    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
