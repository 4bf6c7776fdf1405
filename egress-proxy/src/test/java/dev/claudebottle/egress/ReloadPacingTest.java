package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReloadPacingTest {
    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();
    private final ReloadPacing pacing = new ReloadPacing(() -> now, nanos -> {
        sleeps.add(nanos);
        now += nanos;
    });

    private void reloadTaking(long millis) throws InterruptedException {
        pacing.awaitTurn();
        pacing.run(() -> now += TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void theFirstReloadAndOneAfterAQuietSpellStartAtOnce() throws InterruptedException {
        reloadTaking(100);
        now += TimeUnit.SECONDS.toNanos(1);
        reloadTaking(100);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aStormOfReloadsTakesAtMostAThirdOfTheTime() throws InterruptedException {
        long start = now;
        for (int i = 0; i < 50; i++) {
            reloadTaking(120); // asked for again at once, as under SIGHUPs every 50 ms
        }
        long busy = 50 * TimeUnit.MILLISECONDS.toNanos(120);
        assertThat((double) busy / (now - start)).isLessThanOrEqualTo(0.35);
        assertThat(sleeps).hasSize(49).allMatch(s -> s == TimeUnit.MILLISECONDS.toNanos(240));
    }

    @Test
    void thePauseIsCappedSoAHugeReloadDoesNotDelayTheNextForLong() throws InterruptedException {
        reloadTaking(5_000);
        reloadTaking(1);
        assertThat(sleeps).containsExactly(ReloadPacing.MAX_PAUSE_NANOS);
    }

    @Test
    void aReloadThatFailsStillCountsTowardsThePause() throws InterruptedException {
        try {
            pacing.run(() -> {
                now += TimeUnit.MILLISECONDS.toNanos(50);
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the reload thread's task ends; the pacing still records it
        }
        pacing.awaitTurn();
        assertThat(sleeps).containsExactly(TimeUnit.MILLISECONDS.toNanos(100));
    }
}
