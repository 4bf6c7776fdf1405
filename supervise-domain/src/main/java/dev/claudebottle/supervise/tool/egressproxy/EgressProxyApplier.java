package dev.claudebottle.supervise.tool.egressproxy;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.SidecarGateway;
import dev.claudebottle.supervise.application.port.out.Signal;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.Applier;
import dev.claudebottle.supervise.application.port.out.Installation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Installs routes.yaml into a bottle's egress-proxy: write the file, SIGHUP the proxy, read its
 * status until it reports the written SHA-256, then refresh the agent's read-only copy. When the
 * proxy rejects the file or does not confirm it in time, the previous file is written back and the
 * proxy signalled again.
 */
public final class EgressProxyApplier implements Applier {
    /** Where egress-proxy reads its routes, inside its container. */
    public static final String ROUTES_PATH = "/etc/egress-proxy/routes.yaml";
    /** Where egress-proxy reports what it loaded, inside its container. */
    public static final String STATUS_PATH = "/run/egress-proxy/status.json";
    /** The agent's read-only copy of the live routes, inside the agent's container. */
    public static final String CURRENT_CONFIG_PATH = "/etc/claude-bottle/current-config/routes.yaml";

    private final SidecarGateway gateway;
    private final Clock clock;
    private final Duration confirmDeadline;
    private final Duration pollInterval;

    /**
     * @param confirmDeadline how long the proxy has to report the new file after SIGHUP
     * @param pollInterval how often its status is read meanwhile
     */
    public EgressProxyApplier(SidecarGateway gateway, Clock clock, Duration confirmDeadline, Duration pollInterval) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (confirmDeadline.isNegative() || confirmDeadline.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the confirm deadline and poll interval must be positive");
        }
        this.confirmDeadline = confirmDeadline;
        this.pollInterval = pollInterval;
    }

    @Override
    public ConfigFile current(BottleId bottle) {
        return ConfigFile.of(gateway.read(bottle, Component.EGRESS_PROXY, ROUTES_PATH).orElse(new byte[0]));
    }

    @Override
    public Installation install(BottleId bottle, ConfigFile previous, ConfigFile next) throws InterruptedException {
        String cause;
        try {
            Confirmation confirmation = writeAndReload(bottle, next);
            if (confirmation.loaded()) {
                return new Installation.Installed(next.sha256(), afterInstall(bottle, next, confirmation.status()));
            }
            cause = confirmation.explanation(next.sha256(), confirmDeadline);
        } catch (GatewayException e) {
            cause = "could not install the routes into egress-proxy: " + e.getMessage();
        }
        return restore(bottle, previous, cause);
    }

    private List<String> afterInstall(BottleId bottle, ConfigFile next, Optional<ProxyStatus> status) {
        List<String> warnings = new ArrayList<>();
        status.map(ProxyStatus::missingSecrets).filter(m -> !m.isEmpty()).ifPresent(missing -> warnings.add(
                "egress-proxy holds no value for secrets the routes name: " + String.join(", ", missing)));
        try {
            gateway.write(bottle, Component.AGENT, CURRENT_CONFIG_PATH, next.bytes());
        } catch (GatewayException e) {
            warnings.add("the routes are live but the agent's copy at " + CURRENT_CONFIG_PATH
                    + " could not be refreshed: " + e.getMessage());
        }
        return warnings;
    }

    private Installation.NotInstalled restore(BottleId bottle, ConfigFile previous, String cause)
            throws InterruptedException {
        try {
            Confirmation confirmation = writeAndReload(bottle, previous);
            if (confirmation.loaded()) {
                return new Installation.NotInstalled(cause + "; the previous routes ("
                        + previous.sha256().abbreviated() + ") are back in place", true);
            }
            return new Installation.NotInstalled(cause + "; the previous routes were written back but not confirmed: "
                    + confirmation.explanation(previous.sha256(), confirmDeadline), false);
        } catch (GatewayException e) {
            return new Installation.NotInstalled(cause + "; restoring the previous routes failed too ("
                    + e.getMessage() + "): check the bottle's egress-proxy", false);
        }
    }

    /** Writes {@code routes}, sends SIGHUP and waits for the proxy's status to show them (or not). */
    private Confirmation writeAndReload(BottleId bottle, ConfigFile routes) throws InterruptedException {
        Optional<ProxyStatus> before = status(bottle);
        gateway.write(bottle, Component.EGRESS_PROXY, ROUTES_PATH, routes.bytes());
        gateway.signal(bottle, Component.EGRESS_PROXY, Signal.HUP);
        return awaitLoaded(bottle, routes.sha256(), before);
    }

    /** Reads the status until it shows {@code wanted}, shows a new load error, or the deadline passes. */
    private Confirmation awaitLoaded(BottleId bottle, Sha256 wanted, Optional<ProxyStatus> before)
            throws InterruptedException {
        Instant deadline = clock.now().plus(confirmDeadline);
        while (true) {
            Optional<ProxyStatus> seen = status(bottle);
            if (seen.filter(s -> s.runs(wanted)).isPresent()) {
                return new Confirmation(true, seen);
            }
            boolean newError = seen.flatMap(ProxyStatus::lastError).isPresent() && !seen.equals(before);
            if (newError || !clock.now().isBefore(deadline)) {
                return new Confirmation(false, seen);
            }
            clock.sleep(pollInterval);
        }
    }

    private Optional<ProxyStatus> status(BottleId bottle) {
        try {
            return gateway.read(bottle, Component.EGRESS_PROXY, STATUS_PATH).map(ProxyStatus::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What the proxy's status showed when waiting stopped. */
    private record Confirmation(boolean loaded, Optional<ProxyStatus> status) {
        String explanation(Sha256 wanted, Duration deadline) {
            Optional<String> error = status.flatMap(ProxyStatus::lastError);
            if (error.isPresent()) {
                return "egress-proxy rejected the routes: " + error.get();
            }
            return "egress-proxy did not report routes " + wanted.abbreviated() + " within " + deadline.toMillis()
                    + " ms (its status shows " + status.flatMap(ProxyStatus::sha256).map(Sha256::abbreviated)
                            .orElse(status.isPresent() ? "no routes" : "nothing readable") + ")";
        }
    }
}
