package dev.claudebottle.cli.common;

import dev.claudebottle.routes.diff.Risk;

/**
 * ANSI colouring of diff and risk lines, or none. Decided once per command from {@code --color}. The
 * colours go through {@link OperatorWriter#styled}, so the text they colour is escaped like any other.
 */
public final class Colour {
    private final boolean enabled;

    private Colour(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@code always}, {@code never}, or {@code auto} (only when standard output is a terminal and NO_COLOR is unset). */
    public static Colour forChoice(ColourChoice choice) {
        return new Colour(switch (choice) {
            case always -> true;
            case never -> false;
            case auto -> System.console() != null && System.getenv("NO_COLOR") == null;
        });
    }

    static Colour none() {
        return new Colour(false);
    }

    /** Prints one line of a unified diff, coloured by its kind. */
    void diffLine(OperatorWriter out, String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            println(out, "1", line);
        } else if (line.startsWith("@@")) {
            println(out, "36", line);
        } else if (line.startsWith("+")) {
            println(out, "32", line);
        } else if (line.startsWith("-")) {
            println(out, "31", line);
        } else {
            out.println(line);
        }
    }

    /** Prints one line of the semantic summary in its risk's colour. */
    void risk(OperatorWriter out, Risk risk, String line) {
        switch (risk) {
            case HIGH -> println(out, "1;31", line);
            case MEDIUM -> println(out, "33", line);
            case LOW -> out.println(line);
        }
    }

    private void println(OperatorWriter out, String sgr, String text) {
        if (enabled) {
            out.styled(sgr, text);
            out.println();
        } else {
            out.println(text);
        }
    }

    /** The values of {@code --color}. */
    public enum ColourChoice { auto, always, never }
}
