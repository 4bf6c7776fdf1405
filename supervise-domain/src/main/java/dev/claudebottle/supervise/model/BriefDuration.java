package dev.claudebottle.supervise.model;

import java.time.Duration;

/** Short human durations for listings and audit reasons: "45s", "12m", "3h05m", "2d4h". */
public final class BriefDuration {
    private BriefDuration() {}

    /** {@code duration} in whole seconds, minutes, hours and minutes, or days and hours; negative reads as 0s. */
    public static String of(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + "h" + String.format("%02dm", minutes % 60);
        }
        return hours / 24 + "d" + hours % 24 + "h";
    }
}
