package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.common.TerminalText;
import java.util.Objects;

/**
 * One line of dashboard text with what it means, which the renderer turns into a colour. The text
 * is already in {@link TerminalText}'s visible form (one line: an LF in it shows as {@code \x0a}).
 */
record DashboardLine(Style style, String text) {

    /** What a line is, not how it looks: the renderer decides the colours. */
    enum Style { PLAIN, DIM, HEADING, ADDED, REMOVED, HUNK, RISK_HIGH, RISK_MEDIUM, WARNING, SUCCESS, ERROR }

    DashboardLine {
        Objects.requireNonNull(style, "style");
        text = TerminalText.visible(text);
    }

    static DashboardLine plain(String text) {
        return new DashboardLine(Style.PLAIN, text);
    }

    static DashboardLine blank() {
        return plain("");
    }
}
