package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromAHundredMillisecondsToFiveSecondsAndResets() {
        Backoff backoff = new Backoff();
        assertThat(backoff.nextMillis()).isEqualTo(100);
        assertThat(backoff.nextMillis()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            backoff.nextMillis();
        }
        assertThat(backoff.nextMillis()).isEqualTo(5_000);
        backoff.reset();
        assertThat(backoff.nextMillis()).isEqualTo(100);
    }
}
