package dev.claudebottle.routes.diff;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether every path some pattern in {@code inner} matches is also matched by a pattern in
 * {@code outer}, exactly: a breadth-first search over pairs of automaton states finds the shortest
 * path matched by {@code inner} and by no pattern of {@code outer}, or proves there is none. Paths
 * are explored over the characters the patterns name, {@code /}, and one stand-in for every other
 * character (all of which behave alike), so the search is finite and its answer holds for all
 * paths. A search that grows past {@link #MAX_STATES} states, or past its {@link SearchBudget}, gives up with {@link Outcome.Undecided}.
 */
final class GlobContainment {
    static final int MAX_STATES = 20_000;
    /** Longer pattern lists (far beyond any real allowlist) are not analysed: the answer is undecided. */
    static final int MAX_PATTERN_CHARS = 10_000;

    /** The answer: contained, not contained (with a witness path), or undecided. */
    sealed interface Outcome {
        record Contained() implements Outcome {}

        /** {@code witness} is matched by the inner patterns and by none of the outer ones. */
        record NotContained(String witness) implements Outcome {}

        record Undecided() implements Outcome {}
    }

    private GlobContainment() {}

    static Outcome of(List<String> inner, List<String> outer) {
        return of(inner, outer, SearchBudget.perDiff());
    }

    /** As {@link #of(List, List)}, also giving up once {@code budget} is spent. */
    static Outcome of(List<String> inner, List<String> outer, SearchBudget budget) {
        if (length(inner) + length(outer) > MAX_PATTERN_CHARS) {
            return new Outcome.Undecided();
        }
        PathGlobs in = PathGlobs.of(inner);
        PathGlobs out = PathGlobs.of(outer);
        String alphabet = alphabet(in.literalCharacters() + out.literalCharacters());
        // First look for a readable witness: no empty segment ("//"), no trailing "/". Only the
        // second, unrestricted search may prove containment.
        Outcome readable = search(in, out, alphabet, true, budget);
        if (readable instanceof Outcome.NotContained) {
            return readable;
        }
        return search(in, out, alphabet, false, budget);
    }

    private record State(BitSet inner, BitSet outer, boolean afterSlash) {}

    private record Node(State state, String path) {}

    private static Outcome search(PathGlobs in, PathGlobs out, String alphabet, boolean readable,
            SearchBudget budget) {
        State start = new State(in.start(), out.start(), false);
        Set<State> seen = new HashSet<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        seen.add(start);
        queue.add(new Node(start, ""));
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            State state = node.state();
            if (in.accepts(state.inner()) && !out.accepts(state.outer())
                    && (!readable || node.path().length() == 1 || !node.path().endsWith("/"))) {
                return new Outcome.NotContained(node.path());
            }
            for (int i = 0; i < alphabet.length(); i++) {
                char c = alphabet.charAt(i);
                if (readable && c == '/' && state.afterSlash()) {
                    continue;
                }
                BitSet nextInner = in.step(state.inner(), c);
                if (nextInner.isEmpty()) {
                    continue;
                }
                State next = new State(nextInner, out.step(state.outer(), c), readable && c == '/');
                if (seen.add(next)) {
                    if (seen.size() > MAX_STATES || !budget.spend()) {
                        return new Outcome.Undecided();
                    }
                    queue.add(new Node(next, node.path() + c));
                }
            }
        }
        return new Outcome.Contained();
    }

    private static int length(List<String> patterns) {
        return patterns.stream().mapToInt(String::length).sum();
    }

    /** A stand-in letter first (so witnesses read like "/x/y"), then the named characters, then '/'. */
    private static String alphabet(String literals) {
        char standIn = 0;
        for (char candidate : "xyzqwkjvabcdefghilmnoprstu0123456789".toCharArray()) {
            if (literals.indexOf(candidate) < 0) {
                standIn = candidate;
                break;
            }
        }
        if (standIn == 0) {
            standIn = '~';
            for (char c = 0x100; literals.indexOf(standIn) >= 0; c++) {
                standIn = c;
            }
        }
        StringBuilder alphabet = new StringBuilder().append(standIn);
        for (char c : literals.toCharArray()) {
            if (c != '/' && alphabet.indexOf(String.valueOf(c)) < 0) {
                alphabet.append(c);
            }
        }
        return alphabet.append('/').toString();
    }
}
