package dev.claudebottle.tools.egressproxy.testing;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.egress.contract.ProxyStatus;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.tools.egressproxy.ContainerFiles;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.ContentValidator;
import dev.claudebottle.supervise.tool.Validation;
import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.routes.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ContainerFiles} and {@link BottleDiscovery} over in-memory bottles whose egress-proxy behaves like the real one: on
 * SIGHUP it validates routes.yaml with the given validator, and on success loads it and writes a
 * status document ({@link ProxyStatus}) with the new generation and SHA-256; on failure it keeps the old routes and reports
 * the error. It can be told to ignore reloads or to reject every file, and records every signal and
 * write so tests can assert on them. Thread-safe.
 */
public final class InMemoryContainers implements ContainerFiles, BottleDiscovery {
    private final ContentValidator proxyValidator;
    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<BottleId, Set<Component>> running = new HashMap<>();
    private final Map<BottleId, Long> generations = new HashMap<>();
    private final Set<BottleId> ignoringReloads = new HashSet<>();
    private final Map<BottleId, String> rejecting = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private final Map<BottleId, List<String>> missingSecrets = new HashMap<>();
    private final Map<String, String> failingWrites = new HashMap<>();

    /** @param proxyValidator what the simulated egress-proxy accepts on reload */
    public InMemoryContainers(ContentValidator proxyValidator) {
        this.proxyValidator = proxyValidator;
    }

    /** Starts a bottle whose egress-proxy has loaded {@code routes}. */
    public synchronized InMemoryContainers startBottle(BottleId bottle, ConfigFile routes) {
        running.put(bottle, new HashSet<>(Set.of(Component.EGRESS_PROXY, Component.AGENT, Component.SUPERVISE)));
        files.put(key(bottle, Component.EGRESS_PROXY, EgressProxyPaths.ROUTES_FILE), routes.bytes());
        files.put(key(bottle, Component.AGENT, EgressProxyPaths.AGENT_CURRENT_ROUTES), routes.bytes());
        generations.put(bottle, 0L);
        reload(bottle);
        return this;
    }

    /** From now on the proxy ignores SIGHUP, so its status never shows a new file. */
    public synchronized void ignoreReloads(BottleId bottle) {
        ignoringReloads.add(bottle);
    }

    /** From now on the proxy rejects every file it is asked to reload, with {@code error}. */
    public synchronized void rejectReloads(BottleId bottle, String error) {
        rejecting.put(bottle, error);
    }

    public synchronized void acceptReloads(BottleId bottle) {
        rejecting.remove(bottle);
        ignoringReloads.remove(bottle);
    }

    /** The next write into that component fails with {@code message}. */
    public synchronized void failNextWrite(BottleId bottle, Component component, String message) {
        failingWrites.put(bottle + "/" + component, message);
    }

    public synchronized void stop(BottleId bottle, Component component) {
        running.getOrDefault(bottle, new HashSet<>()).remove(component);
    }

    /** Starts a stopped component again, with the files it had. */
    public synchronized void restart(BottleId bottle, Component component) {
        running.computeIfAbsent(bottle, b -> new HashSet<>()).add(component);
    }

    /** The bytes at {@code path} in the component, as a test sees them. */
    public synchronized Optional<ConfigFile> file(BottleId bottle, Component component, String path) {
        return Optional.ofNullable(files.get(key(bottle, component, path))).map(ConfigFile::of);
    }

    /** Replaces a file behind the supervisor's back (someone else changed it). */
    public synchronized void overwrite(BottleId bottle, Component component, String path, ConfigFile content) {
        files.put(key(bottle, component, path), content.bytes());
    }

    /** Every write and signal so far, as "write bottle/component:path" and "signal bottle/component HUP". */
    public synchronized List<String> operations() {
        return List.copyOf(log);
    }

    @Override
    public synchronized Optional<byte[]> read(BottleId bottle, Component component, String path) {
        requireRunning(bottle, component);
        return Optional.ofNullable(files.get(key(bottle, component, path))).map(byte[]::clone);
    }

    @Override
    public synchronized void write(BottleId bottle, Component component, String path, byte[] content) {
        requireRunning(bottle, component);
        String failure = failingWrites.remove(bottle + "/" + component);
        if (failure != null) {
            throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, bottle, component, failure);
        }
        log.add("write " + bottle + "/" + component + ":" + path);
        files.put(key(bottle, component, path), content.clone());
    }

    @Override
    public synchronized void hangUp(BottleId bottle, Component component) {
        requireRunning(bottle, component);
        log.add("signal " + bottle + "/" + component + " HUP");
        if (component.equals(Component.EGRESS_PROXY) && !ignoringReloads.contains(bottle)) {
            reload(bottle);
        }
    }

    @Override
    public synchronized Set<BottleId> bottlesRunning(Component component) {
        Set<BottleId> bottles = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        running.forEach((bottle, components) -> {
            if (components.contains(component)) {
                bottles.add(bottle);
            }
        });
        return bottles;
    }

    private void reload(BottleId bottle) {
        ConfigFile routes = ConfigFile.of(files.getOrDefault(key(bottle, Component.EGRESS_PROXY,
                EgressProxyPaths.ROUTES_FILE), new byte[0]));
        String error = rejecting.get(bottle);
        if (error == null && proxyValidator.validate(routes) instanceof Validation.Invalid invalid) {
            error = invalid.problems().getFirst().format("routes.yaml");
        }
        String statusKey = key(bottle, Component.EGRESS_PROXY, EgressProxyPaths.STATUS_FILE);
        long generation = generations.get(bottle);
        Optional<Sha256> sha;
        if (error == null) {
            generation++;
            generations.put(bottle, generation);
            sha = Optional.of(routes.sha256());
        } else {
            sha = Optional.ofNullable(files.get(statusKey)).flatMap(old -> ProxyStatus.parse(old).sha256());
        }
        files.put(statusKey, new ProxyStatus(generation, sha, Optional.empty(), Optional.ofNullable(error), Optional.empty(),
                Optional.empty(), missingSecrets.getOrDefault(bottle, List.of()), sha.isEmpty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()).toJson());
    }

    /** From the next load on, the proxy reports holding no value for {@code secrets}. */
    public synchronized void reportMissingSecrets(BottleId bottle, List<String> secrets) {
        missingSecrets.put(bottle, List.copyOf(secrets));
    }

    /** Replaces the proxy's status document with {@code bytes} (a hostile or broken proxy). */
    public synchronized void overwriteStatus(BottleId bottle, byte[] bytes) {
        files.put(key(bottle, Component.EGRESS_PROXY, EgressProxyPaths.STATUS_FILE), bytes.clone());
    }

    private void requireRunning(BottleId bottle, Component component) {
        if (!running.containsKey(bottle)) {
            throw new GatewayException(GatewayException.Reason.BOTTLE_NOT_FOUND, bottle, component,
                    "no bottle named " + bottle);
        }
        if (!running.get(bottle).contains(component)) {
            throw new GatewayException(GatewayException.Reason.COMPONENT_NOT_RUNNING, bottle, component,
                    component + " is not running in bottle " + bottle);
        }
    }

    private static String key(BottleId bottle, Component component, String path) {
        return bottle + "/" + component + ":" + path;
    }
}
