package dev.claudebottle.cli;

import dev.claudebottle.routes.diff.Risk;

/** ANSI colouring of diff and risk lines, or none. Decided once per command from {@code --color}. */
final class Colour {
    private static final String RESET = "\u001b[0m";
    private final boolean enabled;

    private Colour(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@code always}, {@code never}, or {@code auto} (only when standard output is a terminal and NO_COLOR is unset). */
    static Colour forChoice(ColourChoice choice) {
        return new Colour(switch (choice) {
            case always -> true;
            case never -> false;
            case auto -> System.console() != null && System.getenv("NO_COLOR") == null;
        });
    }

    static Colour none() {
        return new Colour(false);
    }

    String diffLine(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return paint("1", line);
        }
        if (line.startsWith("@@")) {
            return paint("36", line);
        }
        if (line.startsWith("+")) {
            return paint("32", line);
        }
        if (line.startsWith("-")) {
            return paint("31", line);
        }
        return line;
    }

    String risk(Risk risk, String line) {
        return switch (risk) {
            case HIGH -> paint("1;31", line);
            case MEDIUM -> paint("33", line);
            case LOW -> line;
        };
    }

    String paint(String sgr, String text) {
        return enabled ? "\u001b[" + sgr + "m" + text + RESET : text;
    }

    /** The values of {@code --color}. */
    enum ColourChoice { auto, always, never }
}
