package dev.claudebottle.routes.diff;

import java.util.BitSet;
import java.util.List;

/**
 * A set of path patterns compiled into one small automaton over pattern positions, for deciding
 * glob containment. The semantics are the matcher's (docs/routes-matching.md), read character by
 * character: a segment that is exactly {@code **} matches zero or more whole segments, which is
 * "nothing, or a {@code /} followed by anything" ({@code /repos/**} matches {@code /repos},
 * {@code /repos/} and {@code /repos/a/b}); any other {@code *} run matches characters other than
 * {@code /} (possibly none); a {@code .} or {@code ..} segment never matches (request paths are
 * normalised); percent-escapes compare with upper-case hex, as the matcher canonicalises them;
 * every other character is literal.
 *
 * <p>Positions of all patterns live in one numbering; an {@code END} position accepts. A state is
 * the set of positions reachable so far (a {@link BitSet}).
 */
final class PathGlobs {
    private static final byte LITERAL = 0;
    /** A {@code *} run within a segment: loops on any character but '/'. */
    private static final byte ONE_SEGMENT = 1;
    /** The first position of a {@code **} segment: '/' enters the remainder; may be skipped. */
    private static final byte ANY_SEGMENTS = 2;
    /** The second position of a {@code **} segment: loops on any character. */
    private static final byte ANY_REMAINDER = 3;
    /** Marks an accepting position: no transition leaves it. */
    private static final byte END = 4;
    /** A position with no way forward: the pattern matches nothing. */
    private static final byte NEVER = 5;

    private final byte[] kind;
    private final char[] literal;
    private final int[] starts;

    private PathGlobs(byte[] kind, char[] literal, int[] starts) {
        this.kind = kind;
        this.literal = literal;
        this.starts = starts;
    }

    static PathGlobs of(List<String> patterns) {
        StringBuilder kinds = new StringBuilder();
        StringBuilder literals = new StringBuilder();
        int[] starts = new int[patterns.size()];
        for (int p = 0; p < patterns.size(); p++) {
            starts[p] = kinds.length();
            String pattern = canonicalEscapes(patterns.get(p));
            // A pattern starts with '/'; every segment is '/' plus its text.
            for (String segment : pattern.substring(Math.min(1, pattern.length())).split("/", -1)) {
                if (segment.equals("**")) {
                    append(kinds, literals, ANY_SEGMENTS, '\0');
                    append(kinds, literals, ANY_REMAINDER, '\0');
                } else if (segment.equals(".") || segment.equals("..")) {
                    append(kinds, literals, NEVER, '\0');
                } else {
                    append(kinds, literals, LITERAL, '/');
                    appendSegment(kinds, literals, segment);
                }
            }
            append(kinds, literals, END, '\0');
        }
        byte[] kind = new byte[kinds.length()];
        for (int i = 0; i < kind.length; i++) {
            kind[i] = (byte) kinds.charAt(i);
        }
        return new PathGlobs(kind, literals.toString().toCharArray(), starts);
    }

    private static void appendSegment(StringBuilder kinds, StringBuilder literals, String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '*') {
                while (i + 1 < segment.length() && segment.charAt(i + 1) == '*') {
                    i++;
                }
                append(kinds, literals, ONE_SEGMENT, '\0');
            } else {
                append(kinds, literals, LITERAL, c);
            }
        }
    }

    private static void append(StringBuilder kinds, StringBuilder literals, byte kind, char literal) {
        kinds.append((char) kind);
        literals.append(literal);
    }

    /** "%2f" and "%2F" are the same escape to the matcher. */
    private static String canonicalEscapes(String pattern) {
        StringBuilder out = new StringBuilder(pattern);
        for (int i = 0; i + 2 < out.length(); i++) {
            if (out.charAt(i) == '%' && isHex(out.charAt(i + 1)) && isHex(out.charAt(i + 2))) {
                out.setCharAt(i + 1, Character.toUpperCase(out.charAt(i + 1)));
                out.setCharAt(i + 2, Character.toUpperCase(out.charAt(i + 2)));
                i += 2;
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The characters patterns name literally (a path character outside this set, other than '/', behaves like any other). */
    String literalCharacters() {
        StringBuilder chars = new StringBuilder();
        for (int i = 0; i < kind.length; i++) {
            if (kind[i] == LITERAL && chars.indexOf(String.valueOf(literal[i])) < 0) {
                chars.append(literal[i]);
            }
        }
        return chars.toString();
    }

    BitSet start() {
        BitSet states = new BitSet();
        for (int s : starts) {
            states.set(s);
        }
        return closure(states);
    }

    BitSet step(BitSet states, char c) {
        BitSet next = new BitSet();
        for (int i = states.nextSetBit(0); i >= 0; i = states.nextSetBit(i + 1)) {
            switch (kind[i]) {
                case LITERAL -> {
                    if (literal[i] == c) {
                        next.set(i + 1);
                    }
                }
                case ONE_SEGMENT -> {
                    if (c != '/') {
                        next.set(i);
                    }
                }
                case ANY_SEGMENTS -> {
                    if (c == '/') {
                        next.set(i + 1);
                    }
                }
                case ANY_REMAINDER -> next.set(i);
                default -> { }
            }
        }
        return closure(next);
    }

    boolean accepts(BitSet states) {
        for (int i = states.nextSetBit(0); i >= 0; i = states.nextSetBit(i + 1)) {
            if (kind[i] == END) {
                return true;
            }
        }
        return false;
    }

    /** Whether any of the patterns matches the whole path. */
    boolean matches(String path) {
        BitSet states = start();
        for (int i = 0; i < path.length() && !states.isEmpty(); i++) {
            states = step(states, path.charAt(i));
        }
        return accepts(states);
    }

    /** What a position can skip without reading: a star run (to the next position), a whole {@code **}. */
    private BitSet closure(BitSet states) {
        for (int i = states.nextSetBit(0); i >= 0; i = states.nextSetBit(i + 1)) {
            switch (kind[i]) {
                case ONE_SEGMENT, ANY_REMAINDER -> states.set(i + 1);
                case ANY_SEGMENTS -> states.set(i + 2);
                default -> { }
            }
        }
        return states;
    }
}
