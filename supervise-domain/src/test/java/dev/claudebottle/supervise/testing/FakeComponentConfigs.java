package dev.claudebottle.supervise.testing;

import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.ContentValidator;
import dev.claudebottle.supervise.tool.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ComponentConfigs} and {@link BottleDiscovery} over in-memory bottles whose egress-proxy behaves like the real
 * one behind a real gateway: {@code install} answers {@link Installation.BaseChanged} when the live file is not the
 * base; the proxy validates the new file with the given validator and runs it, or refuses it (or ignores it, when told
 * to: the wait then costs the {@link #CONFIRM_DEADLINE} on the clock), and the base is put back; after a
 * successful install the agent's copy is refreshed (a warning when the agent is stopped). Messages are the real
 * gateway's. It records every install so tests can assert on them. Thread-safe.
 */
public final class FakeComponentConfigs implements ComponentConfigs, BottleDiscovery {
    /** How long the simulated gateway waits for a proxy that ignores reloads. */
    public static final Duration CONFIRM_DEADLINE = Duration.ofSeconds(10);

    private final ContentValidator proxyValidator;
    private final Clock clock;
    private final Map<BottleId, ConfigFile> live = new HashMap<>();
    private final Map<BottleId, ConfigFile> running = new HashMap<>();
    private final Map<BottleId, ConfigFile> agentCopies = new HashMap<>();
    private final Map<BottleId, Set<Component>> started = new HashMap<>();
    private final Set<BottleId> ignoringReloads = new HashSet<>();
    private final Map<BottleId, String> rejecting = new HashMap<>();
    private final Map<BottleId, String> failingWrites = new HashMap<>();
    private final List<String> log = new ArrayList<>();

    /**
     * @param proxyValidator what the simulated egress-proxy accepts
     * @param clock the clock a wait for an ignoring proxy sleeps on
     */
    public FakeComponentConfigs(ContentValidator proxyValidator, Clock clock) {
        this.proxyValidator = proxyValidator;
        this.clock = clock;
    }

    /** Starts a bottle whose egress-proxy runs {@code routes}. */
    public synchronized FakeComponentConfigs startBottle(BottleId bottle, ConfigFile routes) {
        started.put(bottle, new HashSet<>(Set.of(Component.EGRESS_PROXY, Component.AGENT, Component.SUPERVISE)));
        live.put(bottle, routes);
        running.put(bottle, routes);
        agentCopies.put(bottle, routes);
        return this;
    }

    /** From now on the proxy ignores reloads, so it never confirms a new file. */
    public synchronized void ignoreReloads(BottleId bottle) {
        ignoringReloads.add(bottle);
    }

    /** From now on the proxy refuses every file it is asked to load, with {@code error}. */
    public synchronized void rejectReloads(BottleId bottle, String error) {
        rejecting.put(bottle, error);
    }

    public synchronized void acceptReloads(BottleId bottle) {
        rejecting.remove(bottle);
        ignoringReloads.remove(bottle);
    }

    /** The next write of the proxy's routes fails with {@code message}. */
    public synchronized void failNextWrite(BottleId bottle, String message) {
        failingWrites.put(bottle, message);
    }

    public synchronized void stop(BottleId bottle, Component component) {
        started.getOrDefault(bottle, new HashSet<>()).remove(component);
    }

    /** Starts a stopped component again, with the files it had. */
    public synchronized void restart(BottleId bottle, Component component) {
        started.computeIfAbsent(bottle, b -> new HashSet<>()).add(component);
    }

    /** The proxy's routes file, as a test sees it. */
    public synchronized Optional<ConfigFile> live(BottleId bottle) {
        return Optional.ofNullable(live.get(bottle));
    }

    /** The routes the proxy runs (what it last loaded). */
    public synchronized Optional<ConfigFile> running(BottleId bottle) {
        return Optional.ofNullable(running.get(bottle));
    }

    /** The agent's read-only copy of the live routes. */
    public synchronized Optional<ConfigFile> agentCopy(BottleId bottle) {
        return Optional.ofNullable(agentCopies.get(bottle));
    }

    /** Replaces the proxy's routes file behind the supervisor's back (someone else changed it). */
    public synchronized void overwrite(BottleId bottle, ConfigFile routes) {
        live.put(bottle, routes);
    }

    /** Every install so far, as "install bottle/component base-sha -> next-sha" (abbreviated SHA-256s). */
    public synchronized List<String> operations() {
        return List.copyOf(log);
    }

    @Override
    public synchronized ConfigFile current(BottleId bottle, Component component) {
        requireRunning(bottle, component);
        return live.getOrDefault(bottle, ConfigFile.of(new byte[0]));
    }

    @Override
    public synchronized Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next)
            throws InterruptedException {
        ConfigFile now = current(bottle, component);
        if (!now.sha256().equals(base.sha256())) {
            return new Installation.BaseChanged(now.sha256());
        }
        log.add("install " + bottle + "/" + component + " " + base.sha256().abbreviated() + " -> "
                + next.sha256().abbreviated());
        String failure = failingWrites.remove(bottle);
        String cause;
        if (failure != null) {
            cause = "could not install the routes into egress-proxy: " + failure;
        } else {
            live.put(bottle, next);
            Optional<String> refusal = load(bottle, next);
            if (refusal.isEmpty()) {
                return new Installation.Installed(next.sha256(), refreshAgentCopy(bottle, next));
            }
            cause = refusal.get();
        }
        live.put(bottle, base);
        Optional<String> restoreRefusal = load(bottle, base);
        if (restoreRefusal.isEmpty()) {
            return new Installation.NotInstalled(cause + "; the previous routes (" + base.sha256().abbreviated()
                    + ") are back in place", true);
        }
        return new Installation.NotInstalled(cause + "; the previous routes were written back but not confirmed: "
                + restoreRefusal.get(), false);
    }

    @Override
    public synchronized Set<BottleId> bottlesRunning(Component component) {
        Set<BottleId> bottles = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        started.forEach((bottle, components) -> {
            if (components.contains(component)) {
                bottles.add(bottle);
            }
        });
        return bottles;
    }

    /** The proxy loads {@code file}: empty when it runs it now, else why not. */
    private Optional<String> load(BottleId bottle, ConfigFile file) throws InterruptedException {
        if (ignoringReloads.contains(bottle)) {
            if (running.get(bottle).equals(file)) {
                return Optional.empty();
            }
            clock.sleep(CONFIRM_DEADLINE);
            return Optional.of("egress-proxy did not report routes " + file.sha256().abbreviated() + " within "
                    + CONFIRM_DEADLINE.toMillis() + " ms (its status shows " + running.get(bottle).sha256().abbreviated() + ")");
        }
        String error = rejecting.get(bottle);
        if (error == null && proxyValidator.validate(file) instanceof Validation.Invalid invalid) {
            error = invalid.problems().getFirst().format("routes.yaml");
        }
        if (error != null && !running.get(bottle).equals(file)) {
            return Optional.of("egress-proxy rejected the routes: " + error);
        }
        running.put(bottle, file);
        return Optional.empty();
    }

    private List<String> refreshAgentCopy(BottleId bottle, ConfigFile next) {
        if (!started.get(bottle).contains(Component.AGENT)) {
            return List.of("the routes are live but the agent's copy at /etc/claude-bottle/current-config/routes.yaml"
                    + " could not be refreshed: agent is not running in bottle " + bottle);
        }
        agentCopies.put(bottle, next);
        return List.of();
    }

    private void requireRunning(BottleId bottle, Component component) {
        if (!started.containsKey(bottle)) {
            throw new GatewayException(GatewayException.Reason.BOTTLE_NOT_FOUND, bottle, component,
                    "no bottle named " + bottle);
        }
        if (!started.get(bottle).contains(component)) {
            throw new GatewayException(GatewayException.Reason.COMPONENT_NOT_RUNNING, bottle, component,
                    component + " is not running in bottle " + bottle);
        }
    }
}
