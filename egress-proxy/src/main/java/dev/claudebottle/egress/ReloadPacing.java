package dev.claudebottle.egress;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps reloads from starving the event loops when SIGHUPs come faster than a large file can be
 * reloaded. Each reload that took {@code d} adds {@value #PAUSE_FACTOR}×{@code d} of pause owed, and
 * time without a reload pays it back; a reload starts at once while at most {@link #BURST_NANOS} is
 * owed, otherwise it waits until that is so. Occasional reloads and short bursts are therefore never
 * delayed, while sustained back-to-back reloading takes at most a third of one CPU (and produces a
 * third of the garbage). A reload asked for while waiting still happens and reads the file as it is
 * then, so the newest file still wins. Used by the single reload thread only.
 */
final class ReloadPacing {
    static final int PAUSE_FACTOR = 2;
    static final long BURST_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Waits a number of nanoseconds; interrupted means the proxy is closing. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long owed;
    private long lastEnd;

    ReloadPacing(LongSupplier nanoTime, Sleeper sleeper) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.lastEnd = nanoTime.getAsLong();
    }

    static ReloadPacing system() {
        return new ReloadPacing(System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Waits until the next reload may start. */
    void awaitTurn() throws InterruptedException {
        long wait = owedAt(nanoTime.getAsLong()) - BURST_NANOS;
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
            owed = owedAt(start) + PAUSE_FACTOR * (end - start);
            lastEnd = end;
        }
    }

    private long owedAt(long now) {
        return Math.max(0, owed - (now - lastEnd));
    }
}
