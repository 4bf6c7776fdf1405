package dev.claudebottle.routes;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The syntax of a route's {@code expires}: one UTC instant written {@code YYYY-MM-DDTHH:MM:SSZ}
 * (whole seconds, the letter {@code Z}). One spelling only, so what the operator reads in the file is
 * exactly the instant the proxy compares with its clock.
 */
final class ExpiryRule {
    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ExpiryRule() {}

    static Checked<Instant> check(String raw) {
        if (!SHAPE.matcher(raw).matches()) {
            return Checked.bad("expires must be a UTC time written like 2026-12-02T06:30:00Z (whole seconds, ending in Z); got `"
                    + Excerpt.of(raw) + "`");
        }
        try {
            Instant instant = Instant.parse(raw);
            if (!format(instant).equals(raw)) {
                return Checked.bad("`" + raw + "` is not a real time (month, day, hour, minute or second out of range)");
            }
            return Checked.ok(instant);
        } catch (DateTimeException e) {
            return Checked.bad("`" + raw + "` is not a real time (month, day, hour, minute or second out of range)");
        }
    }

    /** The one spelling of {@code instant} in a routes file (sub-second parts are dropped). */
    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
