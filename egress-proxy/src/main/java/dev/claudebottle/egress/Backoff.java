package dev.claudebottle.egress;

/** Waits between failed API calls: 100 ms, doubling up to 5 s; reset after a success. Used by one thread at a time. */
final class Backoff {
    static final long FIRST_MILLIS = 100;
    static final long MAX_MILLIS = 5_000;
    private long next = FIRST_MILLIS;

    void reset() {
        next = FIRST_MILLIS;
    }

    /** The wait the next failure gets, doubling the one after (capped). */
    long nextMillis() {
        long wait = next;
        next = Math.min(MAX_MILLIS, next * 2);
        return wait;
    }

    void pause() throws InterruptedException {
        Thread.sleep(nextMillis());
    }
}
