package dev.claudebottle.docker;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.egress.contract.ProxyStatus;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.claudebottle.supervise.application.port.out.AgentOptions;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.ProxyCredential;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code bottle up} on Docker, step by step: networks, the current-config volume, egress-proxy
 * (configured through the archive API before it starts), supervise, then the agent. Files a
 * container needs at start are uploaded into the created container, so no host path is mounted
 * except this bottle's queue directory into supervise.
 *
 * <p>Over 300 lines because it is one ordered sequence whose steps share the containers and networks created before
 * them and must undo nothing themselves (the launcher removes a half-started bottle by its labels); the hardening
 * and the waits are its private helpers, not separate policies.
 */
final class BottleStart {
    private static final Duration READY = Duration.ofSeconds(60);
    /** The Docker host as a container names it (as on Docker Desktop). */
    static final String HOST_GATEWAY = "host.docker.internal";

    private final DockerEngine engine;
    private final DockerContainerFiles gateway;
    private final BottleId bottle;
    private final Path stateHome;

    BottleStart(DockerEngine engine, DockerContainerFiles gateway, BottleId bottle, Path stateHome) {
        this.engine = engine;
        this.gateway = gateway;
        this.bottle = bottle;
        this.stateHome = stateHome;
    }

    /** Where the host keeps the bottle's CA certificate and supervise token (for `bottle ls` and the operator). */
    static Path hostDirectory(Path stateHome, BottleId bottle) {
        return stateHome.resolve("gateways").resolve("docker").resolve(bottle.value());
    }

    static String resourceName(BottleId bottle, String what) {
        return "claude-bottle-" + bottle + "-" + what;
    }

    void start(LaunchRequest request, SidecarImages.Built images) throws IOException, InterruptedException {
        Map<String, String> labels = Map.of(Labels.BOTTLE, bottle.value());
        // Internal alone still lets containers reach services on the host through the bridge's address;
        // with no IPv4 address on the bridge the host is unreachable too, and only the bottle's peers remain.
        // Broadcast and multicast would still reach host sockets: the host firewall drops them, before any container runs.
        String internal = engine.client().createNetworkCmd().withName(resourceName(bottle, "internal")).withInternal(true)
                .withDriver("bridge").withOptions(Map.of("com.docker.network.bridge.inhibit_ipv4", "true",
                        "com.docker.network.bridge.name", HostFirewall.bridgeName(bottle)))
                .withLabels(labels).exec().getId();
        HostFirewall.isolate(engine, bottle);
        String egress = engine.client().createNetworkCmd().withName(resourceName(bottle, "egress"))
                .withDriver("bridge").withLabels(labels).exec().getId();
        String currentConfig = engine.client().createVolumeCmd().withName(resourceName(bottle, "current-config"))
                .withLabels(labels).exec().getName();

        ProxyCredential credential = ProxyCredential.generate();
        String proxy = startProxy(request, images.egressProxy(), internal, egress, currentConfig, credential);
        String ca = new String(gateway.read(bottle, Component.EGRESS_PROXY, DockerBottleLauncher.PROXY_CA).orElseThrow(() ->
                new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, Component.EGRESS_PROXY,
                        "egress-proxy started without writing its CA certificate; see `docker logs " + proxy + "`")),
                StandardCharsets.US_ASCII);
        String token = HexFormat.of().formatHex(randomBytes(32));
        startSupervise(images.supervise(), internal, egress, currentConfig, token);
        if (request.agentImage().isPresent()) {
            String agentConfig = agentConfig(images.runtime(), ca, token, labels);
            startAgent(request.agentImage().get(), request.agent(), internal, currentConfig, agentConfig, credential);
        }

        Path host = hostDirectory(stateHome, bottle);
        Files.createDirectories(host);
        Files.writeString(host.resolve("ca.pem"), ca, StandardCharsets.US_ASCII);
        Path tokenFile = host.resolve("supervise-token");
        Files.deleteIfExists(tokenFile);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token + "\n", StandardCharsets.US_ASCII);
    }

    private String startProxy(LaunchRequest request, String image, String internal, String egress, String currentConfig,
            ProxyCredential credential) throws IOException, InterruptedException {
        // The name egress-proxy is an alias on the internal network only, so Docker's DNS gives the proxy its internal
        // address to listen on: its address on the egress network, which the host can route to, has no listener.
        List<String> command = new ArrayList<>(List.of("--routes", EgressProxyPaths.ROUTES_FILE,
                "--listen", Component.EGRESS_PROXY + ":" + DockerBottleLauncher.PROXY_PORT,
                "--proxy-auth-file", DockerBottleLauncher.PROXY_AUTH, "--ca-dir", "/var/lib/egress-proxy/ca",
                "--status", EgressProxyPaths.STATUS_FILE, "--decision-log", EgressProxyPaths.DECISION_LOG,
                "--secrets-stdin"));
        for (int i = 0; i < request.upstreamCaPems().size(); i++) {
            command.addAll(List.of("--upstream-ca", EgressProxyPaths.upstreamCa(i)));
        }
        // host.docker.internal (as on Docker Desktop) lets a route with allow_private reach a service on the host.
        HostConfig host = hardened().withNetworkMode(internal).withExtraHosts("host.docker.internal:host-gateway")
                .withBinds(new Bind(currentConfig, new Volume(DockerBottleLauncher.CURRENT_CONFIG)));
        // Secrets are not in the container's configuration (which the engine stores on disk and `docker inspect`
        // shows): they are written once to the proxy's standard input through an attach, and live only in its memory.
        String id = create(Component.EGRESS_PROXY, image, host)
                .withCmd(command).withStdinOpen(true).withStdInOnce(true).withAttachStdin(true).exec().getId();
        engine.client().connectToNetworkCmd().withNetworkId(egress).withContainerId(id).exec();
        upload(id, EgressProxyPaths.ROUTES_FILE, request.routes().bytes());
        upload(id, DockerBottleLauncher.PROXY_AUTH, credential.fileContent().getBytes(StandardCharsets.US_ASCII));
        upload(id, DockerBottleLauncher.CURRENT_CONFIG + "/routes.yaml", request.routes().bytes());
        for (int i = 0; i < request.upstreamCaPems().size(); i++) {
            upload(id, EgressProxyPaths.upstreamCa(i), request.upstreamCaPems().get(i).getBytes(StandardCharsets.US_ASCII));
        }
        try (ProxySecretsHandOver handOver = ProxySecretsHandOver.attach(engine.client(), id, request.secrets())) {
            engine.client().startContainerCmd(id).exec();
            awaitProxy(id);
        }
        return id;
    }

    private void startSupervise(String image, String internal, String egress, String currentConfig, String token)
            throws IOException, InterruptedException {
        Path queue = stateHome.resolve("bottles").resolve(bottle.value());
        Files.createDirectories(queue);
        // The operator's policy and notification settings, copied in now: the agent container never sees them.
        OperatorFilesHandOver operator = OperatorFilesHandOver.read(stateHome, System::getenv);
        HostConfig host = hardened().withNetworkMode(internal)
                .withBinds(new Bind(queue.toString(), new Volume("/var/lib/claude-bottle/bottles/" + bottle)),
                        new Bind(currentConfig, new Volume(DockerBottleLauncher.CURRENT_CONFIG), com.github.dockerjava.api.model.AccessMode.ro));
        if (operator.postsWebhook()) {
            // a webhook on the operator's machine (a loopback URL) is posted to the Docker host
            host.withExtraHosts(HOST_GATEWAY + ":host-gateway");
        }
        String id = create(Component.SUPERVISE, image, host)
                .withCmd("supervise", "--bottle", bottle.value(), "--listen", "0.0.0.0:" + DockerBottleLauncher.SUPERVISE_PORT,
                        "--token-file", "/run/claude-bottle/supervise-token", "--allow-host", Component.SUPERVISE.name(),
                        "--current-routes", DockerBottleLauncher.CURRENT_CONFIG + "/routes.yaml",
                        "--policy", OperatorFilesHandOver.POLICY, "--notify", OperatorFilesHandOver.NOTIFY,
                        "--notify-env", OperatorFilesHandOver.NOTIFY_ENV, "--loopback-host", HOST_GATEWAY)
                .withEnv("CLAUDE_BOTTLE_HOME=/var/lib/claude-bottle").exec().getId();
        upload(id, "/run/claude-bottle/supervise-token", (token + "\n").getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> file : operator.files().entrySet()) {
            upload(id, file.getKey(), file.getValue());
        }
        if (operator.postsWebhook()) {
            // The internal network has no way out; only to post the webhook does supervise join the egress network.
            engine.client().connectToNetworkCmd().withNetworkId(egress).withContainerId(id).exec();
        }
        engine.client().startContainerCmd(id).exec();
        awaitHttp(id, Component.SUPERVISE, DockerBottleLauncher.SUPERVISE_PORT);
    }

    /**
     * A volume holding what the agent reads from /etc/claude-bottle (CA, supervise token, MCP configuration), filled
     * through a container that is created and never started, so the agent can mount it read-only, also under a
     * read-only root file system (where the archive API refuses to write).
     */
    private String agentConfig(String runtimeImage, String ca, String token, Map<String, String> labels) {
        String volume = engine.client().createVolumeCmd().withName(resourceName(bottle, "agent-config"))
                .withLabels(labels).exec().getName();
        String mcpUrl = "http://" + Component.SUPERVISE + ":" + DockerBottleLauncher.SUPERVISE_PORT + "/mcp";
        String filler = engine.client().createContainerCmd(runtimeImage).withName(resourceName(bottle, "agent-config-filler"))
                .withLabels(labels).withCmd(SidecarImages.JAVA, "-version")
                .withHostConfig(hardened().withNetworkMode("none").withBinds(new Bind(volume, new Volume("/fill")))).exec().getId();
        try {
            upload(filler, "/fill/" + fileName(DockerBottleLauncher.AGENT_CA), ca.getBytes(StandardCharsets.US_ASCII));
            upload(filler, "/fill/" + fileName(DockerBottleLauncher.AGENT_TOKEN), (token + "\n").getBytes(StandardCharsets.US_ASCII));
            upload(filler, "/fill/" + fileName(DockerBottleLauncher.AGENT_MCP_CONFIG), ("{\"mcpServers\": {\"supervise\": {\"type\": \"http\", \"url\": \""
                    + mcpUrl + "\", \"headers\": {\"Authorization\": \"Bearer " + token + "\"}}}}\n").getBytes(StandardCharsets.UTF_8));
            // The mount point of the current-config volume, made in advance: the agent mounts this volume read-only.
            upload(filler, "/fill/current-config/.mount-point", new byte[0]);
        } finally {
            engine.client().removeContainerCmd(filler).withForce(true).exec();
        }
        return volume;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private void startAgent(String image, AgentOptions options, String internal, String currentConfig, String agentConfig,
            ProxyCredential credential) {
        String proxyUrl = credential.proxyUrl(Component.EGRESS_PROXY + ":" + DockerBottleLauncher.PROXY_PORT);
        String configDir = DockerBottleLauncher.AGENT_CA.substring(0, DockerBottleLauncher.AGENT_CA.lastIndexOf('/'));
        HostConfig host = AgentConfinement.limit(hardened(), options).withNetworkMode(internal)
                .withBinds(new Bind(agentConfig, new Volume(configDir), com.github.dockerjava.api.model.AccessMode.ro),
                        new Bind(currentConfig, new Volume(DockerBottleLauncher.CURRENT_CONFIG), com.github.dockerjava.api.model.AccessMode.ro));
        CreateContainerCmd create = create(Component.AGENT, image, host);
        String imageUser = imageUser(image);
        Optional<String> user = AgentConfinement.user(imageUser, options);
        user.ifPresent(create::withUser);
        String id = create.withTty(true).withStdinOpen(true)
                .withEnv("HTTPS_PROXY=" + proxyUrl, "HTTP_PROXY=" + proxyUrl, "https_proxy=" + proxyUrl, "http_proxy=" + proxyUrl,
                        "NO_PROXY=" + Component.SUPERVISE + ",localhost,127.0.0.1", "no_proxy=" + Component.SUPERVISE + ",localhost,127.0.0.1",
                        "SSL_CERT_FILE=" + DockerBottleLauncher.AGENT_CA, "NODE_EXTRA_CA_CERTS=" + DockerBottleLauncher.AGENT_CA,
                        "REQUESTS_CA_BUNDLE=" + DockerBottleLauncher.AGENT_CA, "CURL_CA_BUNDLE=" + DockerBottleLauncher.AGENT_CA,
                        "CLAUDE_BOTTLE_MCP_CONFIG=" + DockerBottleLauncher.AGENT_MCP_CONFIG, "CLAUDE_BOTTLE_NAME=" + bottle)
                .exec().getId();
        String effective = user.orElse(imageUser);
        if (!options.allowRoot() && AgentConfinement.isRoot(effective, passwd(id))) {
            // A name can be root too: the image's /etc/passwd decides, so it is read before anything runs.
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, Component.AGENT, "the agent image " + image
                    + " would run as " + effective + ", which its /etc/passwd makes root (uid 0); pass --user with a non-root"
                    + " user, or --allow-root to confirm that the agent may run as root");
        }
        engine.client().startContainerCmd(id).exec();
    }

    /** The created (not started) container's /etc/passwd, or "" when it has none. */
    private String passwd(String containerId) {
        try (InputStream archive = engine.client().copyArchiveFromContainerCmd(containerId, "/etc/passwd").exec()) {
            return TarFiles.firstEntry(archive, 1 << 20).filter(e -> e instanceof TarFiles.Entry.File)
                    .map(e -> new String(((TarFiles.Entry.File) e).content(), StandardCharsets.UTF_8)).orElse("");
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return "";
        } catch (IOException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, Component.AGENT,
                    "could not read the agent image's /etc/passwd to check its user: " + e.getMessage(), e);
        }
    }

    /** The USER the image declares (empty when none, i.e. root). */
    private String imageUser(String image) {
        try {
            var config = engine.client().inspectImageCmd(image).exec().getConfig();
            return config == null || config.getUser() == null ? "" : config.getUser();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, Component.AGENT, "the agent image " + image
                    + " is not on this Docker engine; `docker pull " + image + "` (or build it) first", e);
        }
    }

    private CreateContainerCmd create(Component component, String image, HostConfig host) {
        CreateContainerCmd create = engine.client().createContainerCmd(image)
                .withName(resourceName(bottle, component.name()))
                .withLabels(Map.of(Labels.BOTTLE, bottle.value(), Labels.COMPONENT, component.name()))
                .withHostConfig(host);
        create.withAliases(component.name());
        return create;
    }

    private static HostConfig hardened() {
        return HostConfig.newHostConfig().withCapDrop(Capability.ALL).withSecurityOpts(List.of("no-new-privileges"))
                .withInit(false);
    }

    private void upload(String containerId, String path, byte[] content) {
        try (InputStream tar = TarFiles.singleFile(path.substring(1), content)) {
            engine.client().copyArchiveToContainerCmd(containerId).withRemotePath("/").withTarInputStream(tar).exec();
        } catch (IOException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "could not prepare " + path + ": " + e.getMessage(), e);
        }
    }

    /** The state egress-proxy's status document reports; empty while it is not (wholly) written. */
    private static Optional<String> state(byte[] status) {
        try {
            return ProxyStatus.parse(status).state();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void awaitProxy(String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(READY);
        while (Instant.now().isBefore(deadline)) {
            requireRunning(id, Component.EGRESS_PROXY);
            Optional<byte[]> status = gateway.read(bottle, Component.EGRESS_PROXY, EgressProxyPaths.STATUS_FILE);
            if (status.flatMap(BottleStart::state).filter("running"::equals).isPresent()) {
                return;
            }
            Thread.sleep(100);
        }
        throw notReady(Component.EGRESS_PROXY, id);
    }

    /** Probes from inside the container: the host cannot reach the internal network. */
    private void awaitHttp(String id, Component component, int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(READY);
        while (Instant.now().isBefore(deadline)) {
            requireRunning(id, component);
            String exec = engine.client().execCreateCmd(id).withAttachStdout(false).withAttachStderr(false)
                    .withCmd(SidecarImages.JAVA, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", SidecarImages.BOTTLE_CLASSPATH,
                            HttpAnswerProbe.class.getName(), "127.0.0.1", Integer.toString(port)).exec().getId();
            engine.client().execStartCmd(exec).withDetach(true).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>())
                    .awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
            Instant probeDeadline = Instant.now().plusSeconds(30);
            var probe = engine.client().inspectExecCmd(exec).exec();
            while (Boolean.TRUE.equals(probe.isRunning()) && Instant.now().isBefore(probeDeadline)) {
                Thread.sleep(50);
                probe = engine.client().inspectExecCmd(exec).exec();
            }
            Long exit = probe.getExitCodeLong();
            if (exit != null && exit == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw notReady(component, id);
    }

    private InspectContainerResponse requireRunning(String id, Component component) {
        InspectContainerResponse inspected = engine.client().inspectContainerCmd(id).exec();
        if (!Boolean.TRUE.equals(inspected.getState().getRunning())) {
            throw new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, component, "the " + component
                    + " container of bottle " + bottle + " exited with " + inspected.getState().getExitCodeLong()
                    + " at start-up; its log ends with:\n" + logTail(id));
        }
        return inspected;
    }

    private GatewayException notReady(Component component, String id) {
        return new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, component, "the " + component + " of bottle "
                + bottle + " did not become ready within " + READY.toSeconds() + " s; its log ends with:\n" + logTail(id));
    }

    private String logTail(String id) {
        StringBuilder log = new StringBuilder();
        try {
            engine.client().logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(15)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame frame) {
                            log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.append("(log unavailable: ").append(e.getMessage()).append(')');
        }
        return log.toString().strip();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
