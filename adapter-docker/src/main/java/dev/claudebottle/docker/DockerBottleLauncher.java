package dev.claudebottle.docker;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs bottles as Docker containers: per bottle an internal network (no route out) and an egress
 * network, a volume for the agent's read-only current-config, and three containers — egress-proxy
 * (both networks), supervise (internal only, only this bottle's queue directory mounted, no Docker
 * socket) and the agent (internal only, proxy and CA and MCP client configured). Every resource
 * carries the {@code claude-bottle.bottle} label, which is how {@link #down} finds them all.
 */
final class DockerBottleLauncher implements BottleLauncher {
    static final String NAME = "docker";
    static final int PROXY_PORT = 3128;
    static final int SUPERVISE_PORT = 8080;
    static final String CURRENT_CONFIG = EgressProxyPaths.AGENT_CURRENT_CONFIG_DIR;
    static final String AGENT_CA = EgressProxyPaths.AGENT_CA;
    static final String AGENT_MCP_CONFIG = "/etc/claude-bottle/mcp.json";
    static final String AGENT_TOKEN = "/etc/claude-bottle/supervise-token";
    static final String PROXY_CA = "/var/lib/egress-proxy/ca/ca.pem";
    /** The proxy's credential file ({@code --proxy-auth-file}); the agent gets the same credential in its proxy URL. */
    static final String PROXY_AUTH = EgressProxyPaths.PROXY_AUTH_FILE;

    private final DockerEngine engine;
    private final DockerContainerFiles gateway;
    private final SidecarImages images;
    private final Path stateHome;

    DockerBottleLauncher(DockerEngine engine, DockerContainerFiles gateway, SidecarImages images, Path stateHome) {
        this.engine = engine;
        this.gateway = gateway;
        this.images = images;
        this.stateHome = stateHome.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean available() {
        return engine.answers();
    }

    @Override
    public RunningBottle up(LaunchRequest request) throws InterruptedException {
        BottleId bottle = request.bottle();
        if (!engine.answers()) {
            throw engine.unreachable(bottle, null, new IllegalStateException("ping failed"));
        }
        if (!new ComponentContainers(engine).allOf(bottle).isEmpty()) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "Docker bottle " + bottle
                    + " already exists; `bottle down " + bottle + "` removes it first");
        }
        // An interrupted `bottle up` (Ctrl-C, SIGTERM) removes what it created so far.
        Thread cleanup = new Thread(() -> down(bottle), "bottle-up-cleanup-" + bottle);
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            SidecarImages.Built built = images.ensure();
            new BottleStart(engine, gateway, bottle, stateHome).start(request, built);
            return list().stream().filter(b -> b.name().equals(bottle)).findFirst().orElseThrow(() -> new GatewayException(
                    Reason.COMPONENT_NOT_RUNNING, bottle, null, "bottle " + bottle + " started but its containers are gone; see `docker ps -a`"));
        } catch (IOException e) {
            down(bottle);
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "could not start Docker bottle " + bottle
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException | RuntimeException e) {
            down(bottle);
            throw e;
        } finally {
            forget(cleanup);
        }
    }

    private static void forget(Thread cleanup) {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running and removes the half-started bottle.
        }
    }

    @Override
    public boolean down(BottleId bottle) {
        Map<String, String> label = Map.of(Labels.BOTTLE, bottle.value());
        boolean found = HostFirewall.release(bottle);
        try {
            for (Container container : engine.client().listContainersCmd().withShowAll(true).withLabelFilter(label).exec()) {
                found = true;
                ignoreMissing(() -> engine.client().removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec());
            }
            for (Network network : engine.client().listNetworksCmd().withFilter("label", List.of(Labels.BOTTLE + "=" + bottle)).exec()) {
                found = true;
                ignoreMissing(() -> engine.client().removeNetworkCmd(network.getId()).exec());
            }
            var volumes = engine.client().listVolumesCmd().withFilter("label", List.of(Labels.BOTTLE + "=" + bottle)).exec();
            if (volumes.getVolumes() != null) {
                for (var volume : volumes.getVolumes()) {
                    found = true;
                    ignoreMissing(() -> engine.client().removeVolumeCmd(volume.getName()).exec());
                }
            }
        } catch (DockerException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "removing Docker bottle " + bottle
                    + " failed: " + e.getMessage() + "; remove what is left with `docker rm -f $(docker ps -aq --filter label="
                    + Labels.BOTTLE + "=" + bottle + ")`", e);
        } catch (RuntimeException e) {
            throw engine.unreachable(bottle, null, e);
        }
        Path record = BottleStart.hostDirectory(stateHome, bottle);
        try {
            if (Files.exists(record)) {
                found = true;
                try (var paths = Files.walk(record)) {
                    for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "Docker bottle " + bottle
                    + " is removed but " + record + " could not be: " + e.getMessage(), e);
        }
        return found;
    }

    @Override
    public List<RunningBottle> list() {
        List<Container> all = engine.call(null, null, () -> engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(Labels.BOTTLE)).exec());
        Map<String, Map<Component, String>> states = new TreeMap<>();
        for (Container container : all) {
            Map<String, String> labels = container.getLabels();
            String bottle = labels.get(Labels.BOTTLE);
            String component = labels.get(Labels.COMPONENT);
            if (bottle != null && component != null && !labels.containsKey("claude-bottle.test")) {
                states.computeIfAbsent(bottle, b -> new TreeMap<>((x, y) -> x.name().compareTo(y.name())))
                        .put(Component.of(component), container.getState());
            }
        }
        List<RunningBottle> bottles = new ArrayList<>();
        states.forEach((name, components) -> {
            BottleId bottle;
            try {
                bottle = BottleId.of(name);
            } catch (IllegalArgumentException e) {
                return;
            }
            Path record = BottleStart.hostDirectory(stateHome, bottle);
            bottles.add(new RunningBottle(bottle, NAME, "http://" + Component.EGRESS_PROXY + ":" + PROXY_PORT,
                    record.resolve("ca.pem").toString(), "http://" + Component.SUPERVISE + ":" + SUPERVISE_PORT + "/mcp",
                    record.resolve("supervise-token").toString(), components));
        });
        return bottles;
    }

    private static void ignoreMissing(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // Removed meanwhile (a container's anonymous volume, or a concurrent down): nothing left to do.
        }
    }
}
