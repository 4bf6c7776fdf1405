package dev.claudebottle.egress;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps reloads from starving the event loops when SIGHUPs come faster than a large file can be
 * reloaded: after a reload that took {@code d}, the next one starts no sooner than
 * {@value #PAUSE_FACTOR}×{@code d} after it ended (at most {@link #MAX_PAUSE_NANOS}), so reloading takes
 * at most a third of one CPU however often it is asked for. A reload asked for after a quiet spell
 * starts at once; one asked for during the pause still happens, after it, and reads the file as it
 * is then (the newest file still wins). Used by the single reload thread only.
 */
final class ReloadPacing {
    static final int PAUSE_FACTOR = 2;
    static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** Waits a number of nanoseconds; interrupted means the proxy is closing. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long notBefore;
    private boolean any;

    ReloadPacing(LongSupplier nanoTime, Sleeper sleeper) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    static ReloadPacing system() {
        return new ReloadPacing(System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Waits until the next reload may start. */
    void awaitTurn() throws InterruptedException {
        if (!any) {
            return;
        }
        long wait = notBefore - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }

    /** Runs one reload and records how long it took. */
    void run(Runnable reload) {
        long start = nanoTime.getAsLong();
        try {
            reload.run();
        } finally {
            long end = nanoTime.getAsLong();
            notBefore = end + Math.min(MAX_PAUSE_NANOS, PAUSE_FACTOR * (end - start));
            any = true;
        }
    }
}
