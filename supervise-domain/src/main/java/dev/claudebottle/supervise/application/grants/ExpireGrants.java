package dev.claudebottle.supervise.application.grants;

import dev.claudebottle.supervise.application.changes.ChangePipeline;
import dev.claudebottle.supervise.api.ChangeResult;
import dev.claudebottle.routes.Route;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The supervisor's sweep of time-boxed grants: once a route's {@code expires} has passed (egress-proxy
 * already denies it), the route is taken out of the bottle's routes file through the usual pipeline
 * (lock, base check, validate, reload, confirm) and audited as {@code grant-expired}. A route the grant
 * changed gets back its version from before the grant when that allows no more than the route does now
 * (see {@link RoutesGrant#revert}). Safe to run from several processes: the base check makes a second
 * sweep of the same file a no-op.
 */
public final class ExpireGrants {
    private final ToolRegistry tools;
    private final AuditLog audit;
    private final BottleLocks locks;
    private final VersionHistory history;
    private final Clock clock;
    private final BottleDiscovery discovery;
    private final ComponentConfigs configs;
    private final ChangePipeline pipeline;

    @Inject
    public ExpireGrants(ToolRegistry tools, AuditLog audit, BottleLocks locks, VersionHistory history, Clock clock,
            BottleDiscovery discovery, ComponentConfigs configs) {
        this.tools = tools;
        this.discovery = discovery;
        this.configs = configs;
        this.audit = audit;
        this.locks = locks;
        this.history = history;
        this.clock = clock;
        this.pipeline = new ChangePipeline(configs, history, clock);
    }

    /**
     * Sweeps every bottle whose egress-proxy runs; a bottle that cannot be reached is left for the next sweep
     * (its proxy denies the ended grant meanwhile).
     *
     * @return the bottles that had a grant reverted
     */
    public List<BottleId> sweepAll() throws InterruptedException {
        List<BottleId> reverted = new java.util.ArrayList<>();
        for (BottleId bottle : discovery.bottlesRunning(Component.EGRESS_PROXY)) {
            try {
                if (sweep(bottle).filter(ChangeResult.Changed.class::isInstance).isPresent()) {
                    reverted.add(bottle);
                }
            } catch (GatewayException e) {
                // the proxy already refuses the ended grant; the next sweep retries
            }
        }
        return reverted;
    }

    /**
     * Reverts the grants of {@code bottle} that have ended.
     *
     * @return what the sweep did: empty when no grant had ended (or the file changed under it: the next sweep retries)
     * @throws dev.claudebottle.supervise.application.port.out.GatewayException when the bottle cannot be reached
     */
    @SuppressWarnings("try") // the lock is held for the block, never read
    public Optional<ChangeResult> sweep(BottleId bottle) throws InterruptedException {
        Tool tool = tools.forComponent(Component.EGRESS_PROXY);
        try (BottleLocks.Held held = locks.lock(bottle)) {
            ConfigFile live = configs.current(bottle, tool.component());
            Instant now = clock.now();
            Optional<RoutesGrant.Revert> revert = RoutesGrant.revert(live, now, route -> beforeGrant(bottle, tool, route));
            if (revert.isEmpty()) {
                return Optional.empty();
            }
            ChangeResult result = pipeline.change(bottle, tool, revert.get().file(), Optional.of(live.sha256()));
            String summary = String.join("; ", revert.get().summaries());
            switch (result) {
                case ChangeResult.Changed changed -> audit.append(AuditEntry.of(clock.now(), AuditAction.GRANT_EXPIRED, bottle,
                                tool.component())
                        .tool(tool.id()).operator(Operator.SYSTEM)
                        .reason(changed.warnings().isEmpty() ? summary : summary + "; " + String.join("; ", changed.warnings()))
                        .diff(changed.diff()).baseSha256(changed.previous().sha256()).newSha256(changed.now().sha256())
                        .build());
                case ChangeResult.NotInstalled failed -> audit.append(AuditEntry.of(clock.now(), AuditAction.APPLY_FAILED, bottle,
                                tool.component())
                        .tool(tool.id()).operator(Operator.SYSTEM)
                        .reason("reverting an ended grant (" + summary + ") failed: " + failed.cause())
                        .diff(failed.diff()).baseSha256(failed.previous().sha256()).newSha256(failed.attempted().sha256())
                        .build());
                case ChangeResult.Unchanged unchanged -> { }
                case ChangeResult.Stale stale -> { }
                case ChangeResult.Invalid invalid -> { }
            }
            return Optional.of(result);
        }
    }

    /**
     * The route as it was in the file just before the grant: the newest version, older than the first one
     * that has this route with this expiry, that has a route with the same key.
     */
    private Optional<Route> beforeGrant(BottleId bottle, Tool tool, Route granted) {
        List<AppliedVersion> versions = history.list(bottle, tool.component());
        Optional<Route> previous = Optional.empty();
        for (AppliedVersion version : versions) {
            Optional<Route> here = routeIn(bottle, tool, version, granted.key());
            if (here.filter(r -> r.expires().equals(granted.expires())).isPresent()) {
                return previous;
            }
            previous = here;
        }
        return Optional.empty();
    }

    private Optional<Route> routeIn(BottleId bottle, Tool tool, AppliedVersion version, String key) {
        try {
            return history.find(bottle, tool.component(), version.sha256())
                    .map(file -> RoutesGrant.byKey(RoutesGrant.parse(file, "an earlier version")).get(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
