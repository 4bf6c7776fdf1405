package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import java.util.Objects;
import java.util.Set;

/**
 * Where one gateway keeps its bottles' operator state when that is not the default store (the file store over the
 * state home): Kubernetes bottles keep theirs on the API server, because their supervise pod writes proposals there.
 * A gateway registers one under its name; {@link dev.claudebottle.supervise.application.gateways.StateRouter} sends
 * each bottle's calls to the state that {@link #holds} it.
 *
 * @param queue the proposals of the bottles this state holds
 * @param auditLog their audit chains
 * @param history their applied versions
 * @param locks their change locks
 * @param holds which bottles keep their state here
 */
public record GatewayState(ProposalQueue queue, AuditLog auditLog, VersionHistory history, BottleLocks locks,
        Holdings holds) {
    public GatewayState {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(auditLog, "auditLog");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(holds, "holds");
    }

    /** Which bottles a state holds. Blocking and thread-safe. */
    @FunctionalInterface
    public interface Holdings {
        /** A holdings answer for a state that holds no bottle at all. */
        Holdings NONE = Set::of;

        /**
         * The bottles whose state lives here now (on Kubernetes: the instance's labelled bottle namespaces).
         *
         * @throws RuntimeException (typically {@link java.io.UncheckedIOException}) when the state does not answer
         */
        Set<BottleId> bottles();
    }
}
