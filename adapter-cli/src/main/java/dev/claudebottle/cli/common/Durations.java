package dev.claudebottle.cli.common;

import java.time.Duration;

/** Short human durations for listings: "45s", "12m", "3h05m", "2d4h". */
public final class Durations {
    private Durations() {}

    /** Longest grant {@code --for} accepts: a grant is for a task, not a standing permission. */
    static final Duration MAX_GRANT = Duration.ofDays(7);

    /**
     * A grant's length as the operator writes it: a whole number and a unit, {@code 90s}, {@code 30m},
     * {@code 2h}, {@code 1d}; at least 1 second, at most 7 days.
     *
     * @throws IllegalArgumentException saying what is wrong and what to write
     */
    public static Duration parseGrant(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,7})([smhd])").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--for needs a whole number and a unit (s, m, h or d), like 30m or 2h; got `"
                    + text + "`");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero() || d.compareTo(MAX_GRANT) > 0) {
            throw new IllegalArgumentException("--for must be between 1s and 7d; got `" + text + "`");
        }
        return d;
    }

    public static String brief(Duration duration) {
        return dev.claudebottle.supervise.model.BriefDuration.of(duration);
    }
}
