package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {
    private final InstantText text = new InstantText();

    @Test
    void givesWhatInstantToStringGivesForEveryFractionLength() {
        long second = Instant.parse("2026-12-03T01:59:21Z").getEpochSecond();
        for (int nanos : new int[] {0, 1, 7, 999, 1_000, 70_000, 999_000, 1_000_000, 70_000_000, 100_000_000, 999_999_999,
                123_456_789, 500_000_000, 10, 100_100}) {
            Instant instant = Instant.ofEpochSecond(second, nanos);
            assertThat(text.of(instant)).as("nanos %d", nanos).isEqualTo(instant.toString());
        }
    }

    @Test
    void staysRightAcrossSecondsDaysYearsAndOutOfOrderCalls() {
        SplittableRandom random = new SplittableRandom(42);
        Instant base = Instant.parse("2026-12-31T23:59:58Z");
        for (int i = 0; i < 20_000; i++) {
            // mostly near each other (the cache's case), sometimes far away, before 1970 and past year 9999
            long seconds = switch (i % 4) {
                case 0, 1 -> base.getEpochSecond() + random.nextLong(-3, 4);
                case 2 -> random.nextLong(-62_000_000_000L, 400_000_000_000L);
                default -> -random.nextLong(1, 100_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(text.of(instant)).isEqualTo(instant.toString());
        }
    }
}
