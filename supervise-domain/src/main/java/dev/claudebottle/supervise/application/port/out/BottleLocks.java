package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;

/**
 * One lock per bottle, held while a change is applied, so approvals, {@code routes edit} and
 * rollbacks of one bottle never interleave, even from different processes.
 *
 * <p>Contract: thread-safe; exclusive across threads and processes; released by {@link Held#close()}
 * or by the holding process ending. Not reentrant.
 */
public interface BottleLocks {

    /** Blocks until this caller holds {@code bottle}'s lock. */
    Held lock(BottleId bottle) throws InterruptedException;

    /** A held lock; closing it releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
