package dev.claudebottle.routes;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Path segments that some servers read as something other than what the matcher sees: a segment
 * whose text before any {@code ;} parameter ends with a dot or a space (Windows and IIS-style
 * servers trim those, so {@code ..%20} or {@code ...} become {@code ..}), and non-ASCII characters
 * that Unicode compatibility normalisation (NFKC) turns into a delimiter, a dot, a space or a
 * control character ({@code %EF%BC%8E}, the full-width full stop, becomes {@code .}). Such
 * segments are refused rather than normalised: no one rewrite is right for every server.
 */
final class SegmentLookalikes {
    /** ASCII characters a lookalike must not normalise into. */
    private static final String DELIMITERS = "./\\;%?#:";

    private SegmentLookalikes() {}

    /**
     * What is wrong with one canonical segment (escapes valid, UTF-8 already checked), or
     * {@code null} when a trimming or normalising server reads it as the matcher does.
     * {@code .} and {@code ..} are dot segments, removed before this is asked.
     */
    static String problem(String canonicalSegment) {
        String decoded = decode(canonicalSegment);
        int parameter = decoded.indexOf(';');
        String stem = parameter < 0 ? decoded : decoded.substring(0, parameter);
        if (!stem.isEmpty() && (stem.endsWith(".") || stem.endsWith(" "))) {
            return "trailing " + (stem.endsWith(".") ? "dot" : "space") + " (servers that trim dots and spaces read another segment)";
        }
        for (int i = 0; i < decoded.length(); ) {
            int cp = decoded.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                continue;
            }
            String folded = switch (cp) {
                case 0x2215, 0x2044, 0x29F8 -> "/"; // division slash, fraction slash, big solidus: NFKC keeps them
                case 0x29F5, 0x29F9 -> "\\";
                default -> Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
            };
            boolean invisible = Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.FORMAT
                    || folded.chars().anyMatch(c -> c <= 0x20 || c == 0x7f);
            if (invisible) {
                return "non-ASCII character U+%04X that servers may read as a space or control character".formatted(cp);
            }
            if (folded.chars().anyMatch(c -> DELIMITERS.indexOf(c) >= 0)) {
                return "non-ASCII character U+%04X that servers may read as '%s'".formatted(cp, folded);
            }
        }
        return null;
    }

    /** The segment's text with every escape decoded as UTF-8 (valid by the time this runs). */
    private static String decode(String canonicalSegment) {
        if (canonicalSegment.indexOf('%') < 0) {
            return canonicalSegment;
        }
        return new String(RequestPathNormaliser.percentDecoded(canonicalSegment), StandardCharsets.UTF_8);
    }
}
