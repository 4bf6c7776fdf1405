package dev.claudebottle.cli.common;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * The one rule for text that reaches the operator's terminal, on every surface (the verbs' output,
 * their errors, the dashboard). A character the terminal would act on instead of showing is written
 * as a visible escape instead of itself:
 * <ul>
 *   <li>C0 controls U+0000–U+001F (ESC, BEL, CR, backspace, TAB, NUL, ...) and DEL U+007F, as {@code \x1b};</li>
 *   <li>C1 controls U+0080–U+009F (the one-byte CSI U+009B among them), as {@code \x9b};</li>
 *   <li>every Unicode format character (general category Cf: the bidi embeddings, overrides and
 *       isolates U+202A–U+202E and U+2066–U+2069, the marks U+200E, U+200F and U+061C, zero-width
 *       characters, the BOM, the tag characters) and the line and paragraph separators U+2028 and
 *       U+2029, as {@code \u202e} (or {@code \U000e0041} above U+FFFF);</li>
 *   <li>a surrogate that is not half of a pair, as {@code \ud800}.</li>
 * </ul>
 * LF is the one exception, and only where the renderer writes lines (see {@link #visibleLines}):
 * lines are its own structure. Everything else, the backslash included, is shown as it is.
 */
public final class TerminalText {
    private TerminalText() {}

    /** {@code text} with every character the rule names escaped, LF included: for one line. */
    public static String visible(CharSequence text) {
        return escape(text, false);
    }

    /** {@code text} with every character the rule names escaped except LF: for text shown as lines. */
    public static String visibleLines(CharSequence text) {
        return escape(text, true);
    }

    /** Whether the terminal shows {@code codePoint} as a character rather than acting on it (LF counts as acting). */
    public static boolean isShown(int codePoint) {
        if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) {
            return false;
        }
        int type = Character.getType(codePoint);
        return type != Character.FORMAT && type != Character.SURROGATE && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }

    /** The visible form of {@code codePoint}: {@code \x1b}, {@code \u202e} or {@code \U000e0041}. */
    public static String escaped(int codePoint) {
        if (codePoint <= 0xff) {
            return String.format("\\x%02x", codePoint);
        }
        return codePoint <= 0xffff ? String.format("\\u%04x", codePoint) : String.format("\\U%08x", codePoint);
    }

    /** {@code line} with the rule applied to its text, each escape in the style of the character it replaces. */
    public static AttributedString visible(AttributedString line) {
        if (isClean(line, false)) {
            return line;
        }
        AttributedStringBuilder shown = new AttributedStringBuilder(line.length() + 16);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, line.charAt(i + 1));
                shown.append(isShown(codePoint) ? Character.toString(codePoint) : escaped(codePoint), line.styleAt(i));
                i++;
            } else {
                shown.append(isShown(c) ? String.valueOf(c) : escaped(c), line.styleAt(i));
            }
        }
        return shown.toAttributedString();
    }

    private static String escape(CharSequence text, boolean keepLineFeeds) {
        if (isClean(text, keepLineFeeds)) {
            return text.toString();
        }
        StringBuilder shown = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(codePoint -> {
            if (isShown(codePoint) || (keepLineFeeds && codePoint == '\n')) {
                shown.appendCodePoint(codePoint);
            } else {
                shown.append(escaped(codePoint));
            }
        });
        return shown.toString();
    }

    private static boolean isClean(CharSequence text, boolean keepLineFeeds) {
        return text.codePoints().allMatch(codePoint -> isShown(codePoint) || (keepLineFeeds && codePoint == '\n'));
    }
}
