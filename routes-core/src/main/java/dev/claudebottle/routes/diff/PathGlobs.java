package dev.claudebottle.routes.diff;

import java.util.BitSet;
import java.util.List;

/**
 * A set of path patterns compiled into one small automaton over pattern positions, for deciding
 * glob containment. The pattern language is routes.yaml's {@code path_allowlist}: {@code *} matches any
 * run of characters other than {@code /} (possibly none), {@code **} (two or more stars) matches any
 * run of characters including {@code /} (possibly none), every other character matches itself.
 *
 * <p>Positions of all patterns live in one numbering; position {@code end[i]} accepts for pattern
 * {@code i}. A state is the set of positions reachable so far (a {@link BitSet}).
 */
final class PathGlobs {
    private static final byte LITERAL = 0;
    private static final byte ONE_SEGMENT = 1;
    private static final byte ANY_REMAINDER = 2;
    /** Marks an accepting position: no transition leaves it. */
    private static final byte END = 3;

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
            String pattern = patterns.get(p);
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '*') {
                    int run = 1;
                    while (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                        i++;
                        run++;
                    }
                    kinds.append((char) (run == 1 ? ONE_SEGMENT : ANY_REMAINDER));
                    literals.append('\0');
                } else {
                    kinds.append((char) LITERAL);
                    literals.append(c);
                }
            }
            kinds.append((char) END);
            literals.append('\0');
        }
        byte[] kind = new byte[kinds.length()];
        for (int i = 0; i < kind.length; i++) {
            kind[i] = (byte) kinds.charAt(i);
        }
        return new PathGlobs(kind, literals.toString().toCharArray(), starts);
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
        BitSet states = new BitSet(kind.length);
        for (int s : starts) {
            states.set(s);
        }
        return closure(states);
    }

    BitSet step(BitSet states, char c) {
        BitSet next = new BitSet(kind.length);
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

    /** A star may match nothing, so a position before a star also stands at the position after it. */
    private BitSet closure(BitSet states) {
        for (int i = states.nextSetBit(0); i >= 0; i = states.nextSetBit(i + 1)) {
            if (kind[i] == ONE_SEGMENT || kind[i] == ANY_REMAINDER) {
                states.set(i + 1);
            }
        }
        return states;
    }
}
