package dev.claudebottle.supervise.application.port.out;

import java.time.Duration;
import java.time.Instant;

/**
 * Time, as the supervisor sees it: the current instant, and waiting. A port so that expiry and
 * apply deadlines are testable without real waiting. Implementations are thread-safe.
 */
public interface Clock {

    /** The wall clock and real sleeping. */
    Clock SYSTEM = new Clock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }
    };

    /** The current instant; never null. */
    Instant now();

    /** Blocks for {@code duration}; a test clock advances its time instead. */
    void sleep(Duration duration) throws InterruptedException;
}
