package dev.claudebottle.egress;

import java.time.Instant;

/**
 * The text {@link Instant#toString()} gives (ISO-8601, UTC, the fraction in groups of three digits as needed), with
 * the part up to the seconds kept from the previous call in the same second: the decision log stamps every request,
 * and formatting the date each time was a measurable share of a small request's CPU. Thread-safe.
 */
final class InstantText {
    private record Second(long epochSecond, String text) {}

    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String of(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            String whole = Instant.ofEpochSecond(epochSecond).toString();
            second = new Second(epochSecond, whole.substring(0, whole.length() - 1));
            last = second;
        }
        StringBuilder out = new StringBuilder(second.text().length() + 11).append(second.text());
        int nanos = instant.getNano();
        if (nanos != 0) {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            // 1 followed by the nine zero-padded digits; keep the first "digits" of those nine
            out.append('.').append(Integer.toString(1_000_000_000 + nanos), 1, 1 + digits);
        }
        return out.append('Z').toString();
    }
}
