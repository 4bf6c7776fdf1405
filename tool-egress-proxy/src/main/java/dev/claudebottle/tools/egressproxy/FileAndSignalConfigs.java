package dev.claudebottle.tools.egressproxy;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.egress.contract.ProxyStatus;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ComponentConfigs} for egress-proxy over {@link ContainerFiles}, the protocol Docker and the local gateway
 * share: check the live routes file is the base, write the new one, SIGHUP the proxy, read its status document until
 * it reports the new SHA-256 (or a new load error: refused; or the deadline passes: not confirmed), then refresh the
 * agent's read-only copy. On any failure the base is written back and the proxy signalled again. Thread-safe; the
 * caller holds the bottle's lock for the whole of an install.
 */
public final class FileAndSignalConfigs implements ComponentConfigs {
    private final ContainerFiles files;
    private final Clock clock;
    private final Settings settings;

    /**
     * How installation waits for the proxy.
     *
     * @param confirmDeadline how long egress-proxy has to report the new file after SIGHUP
     * @param pollInterval how often its status document is read meanwhile
     */
    public record Settings(Duration confirmDeadline, Duration pollInterval) {
        /** Ten seconds to confirm, the status document read every 100 ms. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofMillis(100));

        public Settings {
            if (confirmDeadline.isNegative() || confirmDeadline.isZero() || pollInterval.isNegative()
                    || pollInterval.isZero()) {
                throw new IllegalArgumentException("the confirm deadline and poll interval must be positive");
            }
        }
    }

    /** The protocol over a gateway's {@code files}, timed by {@code clock}. @throws NullPointerException for a null argument */
    public FileAndSignalConfigs(ContainerFiles files, Clock clock, Settings settings) {
        this.files = Objects.requireNonNull(files, "files");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ConfigFile current(BottleId bottle, Component component) {
        requireEgressProxy(bottle, component);
        return ConfigFile.of(files.read(bottle, component, EgressProxyPaths.ROUTES_FILE).orElse(new byte[0]));
    }

    @Override
    public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next)
            throws InterruptedException {
        requireEgressProxy(bottle, component);
        ConfigFile live;
        try {
            live = current(bottle, component);
        } catch (GatewayException e) {
            return new Installation.NotInstalled("could not read egress-proxy's live routes to check the base ("
                    + e.getMessage() + "); nothing was written", true);
        }
        if (!live.sha256().equals(base.sha256())) {
            return new Installation.BaseChanged(live.sha256());
        }
        String cause;
        try {
            Confirmation confirmation = writeAndReload(bottle, next);
            if (confirmation.loaded()) {
                return new Installation.Installed(next.sha256(), afterInstall(bottle, next, confirmation.status()));
            }
            cause = confirmation.explanation(next.sha256(), settings.confirmDeadline());
        } catch (GatewayException e) {
            cause = "could not install the routes into egress-proxy: " + e.getMessage();
        }
        return restore(bottle, base, cause);
    }

    private List<String> afterInstall(BottleId bottle, ConfigFile next, Optional<ProxyStatus> status) {
        List<String> warnings = new ArrayList<>();
        status.map(ProxyStatus::missingSecrets).filter(m -> !m.isEmpty()).ifPresent(missing -> warnings.add(
                "egress-proxy holds no value for secrets the routes name: " + String.join(", ", missing)));
        try {
            files.write(bottle, Component.AGENT, EgressProxyPaths.AGENT_CURRENT_ROUTES, next.bytes());
        } catch (GatewayException e) {
            warnings.add("the routes are live but the agent's copy at " + EgressProxyPaths.AGENT_CURRENT_ROUTES
                    + " could not be refreshed: " + e.getMessage());
        }
        return warnings;
    }

    private Installation.NotInstalled restore(BottleId bottle, ConfigFile base, String cause)
            throws InterruptedException {
        try {
            Confirmation confirmation = writeAndReload(bottle, base);
            if (confirmation.loaded()) {
                return new Installation.NotInstalled(cause + "; the previous routes ("
                        + base.sha256().abbreviated() + ") are back in place", true);
            }
            return new Installation.NotInstalled(cause + "; the previous routes were written back but not confirmed: "
                    + confirmation.explanation(base.sha256(), settings.confirmDeadline()), false);
        } catch (GatewayException e) {
            return new Installation.NotInstalled(cause + "; restoring the previous routes failed too ("
                    + e.getMessage() + "): check the bottle's egress-proxy", false);
        }
    }

    /** Writes {@code routes}, sends SIGHUP and waits for the proxy's status to show them (or not). */
    private Confirmation writeAndReload(BottleId bottle, ConfigFile routes) throws InterruptedException {
        Optional<ProxyStatus> before = status(bottle);
        files.write(bottle, Component.EGRESS_PROXY, EgressProxyPaths.ROUTES_FILE, routes.bytes());
        files.hangUp(bottle, Component.EGRESS_PROXY);
        return awaitLoaded(bottle, routes.sha256(), before);
    }

    /**
     * Reads the status until it shows {@code wanted}, shows a new load error about {@code wanted} (an error left from
     * an earlier load, or about another file, is not this file's refusal), or the deadline passes.
     */
    private Confirmation awaitLoaded(BottleId bottle, Sha256 wanted, Optional<ProxyStatus> before)
            throws InterruptedException {
        Instant deadline = clock.now().plus(settings.confirmDeadline());
        while (true) {
            Optional<ProxyStatus> seen = status(bottle);
            if (seen.filter(s -> s.runs(wanted)).isPresent()) {
                return new Confirmation(true, false, seen);
            }
            boolean refused = !seen.equals(before) && seen.filter(s -> s.lastError().isPresent()
                    && s.lastErrorSha256().map(wanted::equals).orElse(true)).isPresent();
            if (refused || !clock.now().isBefore(deadline)) {
                return new Confirmation(false, refused, seen);
            }
            clock.sleep(settings.pollInterval());
        }
    }

    /** The proxy's status; a document that does not parse counts as nothing readable (the proxy writes it whole). */
    private Optional<ProxyStatus> status(BottleId bottle) {
        try {
            return files.read(bottle, Component.EGRESS_PROXY, EgressProxyPaths.STATUS_FILE).map(ProxyStatus::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void requireEgressProxy(BottleId bottle, Component component) {
        if (!Component.EGRESS_PROXY.equals(component)) {
            throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, bottle, component,
                    "this gateway installs configuration only into " + Component.EGRESS_PROXY + ", not " + component);
        }
    }

    /** What the proxy's status showed when waiting stopped. */
    private record Confirmation(boolean loaded, boolean refused, Optional<ProxyStatus> status) {
        String explanation(Sha256 wanted, Duration deadline) {
            if (refused) {
                return "egress-proxy rejected the routes: " + status.flatMap(ProxyStatus::lastError).orElseThrow();
            }
            return "egress-proxy did not report routes " + wanted.abbreviated() + " within " + deadline.toMillis()
                    + " ms (its status shows " + status.flatMap(ProxyStatus::sha256).map(Sha256::abbreviated)
                            .orElse(status.isPresent() ? "no routes" : "nothing readable") + ")";
        }
    }
}
