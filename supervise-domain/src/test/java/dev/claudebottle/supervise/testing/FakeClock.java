package dev.claudebottle.supervise.testing;

import dev.claudebottle.supervise.application.port.out.Clock;
import java.time.Duration;
import java.time.Instant;

/** A clock that stands still until told to move; sleeping moves it instead of waiting. Thread-safe. */
public final class FakeClock implements Clock {
    private Instant now;

    public FakeClock(Instant start) {
        this.now = start;
    }

    public FakeClock() {
        this(Instant.parse("2026-11-24T06:00:00Z"));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        now = now.plus(duration);
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }
}
