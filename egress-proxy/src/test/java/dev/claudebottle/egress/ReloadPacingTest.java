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

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private void reloadTaking(long millis) throws InterruptedException {
        pacing.awaitTurn();
        pacing.run(() -> now += ms(millis));
    }

    @Test
    void occasionalReloadsAndAShortBurstStartAtOnce() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            reloadTaking(100); // 400 ms of reloading back to back: within the burst allowance
        }
        now += TimeUnit.SECONDS.toNanos(1);
        for (int i = 0; i < 20; i++) {
            reloadTaking(100);
            now += ms(200); // a reload every 300 ms: a third of the time
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void sustainedBackToBackReloadsTakeAtMostAThirdOfTheTime() throws InterruptedException {
        long start = now;
        for (int i = 0; i < 200; i++) {
            reloadTaking(120); // asked for again at once, as under SIGHUPs every 50 ms
        }
        long busy = 200 * ms(120);
        assertThat((double) busy / (now - start)).isBetween(0.30, 0.36);
        assertThat(sleeps.getLast()).isEqualTo(ms(240));
    }

    @Test
    void aQuietSpellPaysBackWhatWasOwed() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            reloadTaking(120);
        }
        sleeps.clear();
        now += TimeUnit.SECONDS.toNanos(3);
        reloadTaking(120);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aReloadThatFailsStillCounts() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            try {
                pacing.awaitTurn();
                pacing.run(() -> {
                    now += ms(100);
                    throw new IllegalStateException("boom");
                });
            } catch (IllegalStateException expected) {
                // the reload thread's task ends; the pacing still records it
            }
        }
        assertThat(sleeps).isNotEmpty();
    }
}
