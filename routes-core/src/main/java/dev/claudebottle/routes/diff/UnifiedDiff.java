package dev.claudebottle.routes.diff;

/**
 * A unified diff of two routes files, as text in the format {@code diff -u} and {@code git diff}
 * write and {@code patch} reads: a {@code ---}/{@code +++} label pair, then hunks with three lines of
 * context. Empty text means the files are identical.
 *
 * @param text         the diff; every line ends with {@code "\n"}; empty when there is no difference
 * @param linesAdded   number of {@code +} lines
 * @param linesRemoved number of {@code -} lines
 */
public record UnifiedDiff(String text, int linesAdded, int linesRemoved) {
    public UnifiedDiff {
        if (text == null) {
            throw new IllegalArgumentException("diff text must not be null");
        }
        if (linesAdded < 0 || linesRemoved < 0) {
            throw new IllegalArgumentException("line counts must be >= 0");
        }
    }

    static final UnifiedDiff NONE = new UnifiedDiff("", 0, 0);

    /** Whether the two files were identical. */
    public boolean isEmpty() {
        return text.isEmpty();
    }
}
