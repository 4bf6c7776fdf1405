package dev.claudebottle.cli;

import java.time.Duration;

/** Short human durations for listings: "45s", "12m", "3h05m", "2d4h". */
final class Durations {
    private Durations() {}

    static String brief(Duration duration) {
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
