package dev.claudebottle.routes.diff;

import com.github.difflib.patch.AbstractDelta;
import dev.claudebottle.routes.RoutesFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The line-by-line unified diff of two routes files (their UTF-8 text), with {@value #CONTEXT_LINES}
 * lines of context, hunk headers as GNU diff writes them, {@code \ No newline at end of file}
 * markers, and carriage returns kept (a CRLF line differs from an LF line, as in the bytes).
 * The diff is minimal (Myers) unless the files differ in more than {@value LineDiff#MAX_EDIT_STEPS}
 * lines; then it replaces everything between their common first and last lines, which is still a
 * correct diff and keeps the time bounded for any pair of files up to the 1 MiB limit.
 * Thread-safe and stateless.
 */
public final class TextDiff {
    public static final int CONTEXT_LINES = 3;
    public static final String DEFAULT_OLD_LABEL = "a/routes.yaml";
    public static final String DEFAULT_NEW_LABEL = "b/routes.yaml";

    private TextDiff() {}

    /** The diff from {@code old} to {@code neu}, labelled {@code a/routes.yaml} and {@code b/routes.yaml}. */
    public static UnifiedDiff unified(RoutesFile old, RoutesFile neu) {
        return unified(DEFAULT_OLD_LABEL, old, DEFAULT_NEW_LABEL, neu);
    }

    /**
     * The diff from {@code old} to {@code neu}; empty when the bytes are identical.
     *
     * @throws IllegalArgumentException if a label is empty or contains a line break
     */
    public static UnifiedDiff unified(String oldLabel, RoutesFile old, String newLabel, RoutesFile neu) {
        requireLabel("old", oldLabel);
        requireLabel("new", newLabel);
        if (old == null || neu == null) {
            throw new IllegalArgumentException("both routes files are required");
        }
        if (old.equals(neu)) {
            return UnifiedDiff.NONE;
        }
        String oldText = old.text();
        String newText = neu.text();
        if (oldText.equals(newText)) {
            // Only possible when the files differ in bytes that are not valid UTF-8.
            return new UnifiedDiff("Files " + oldLabel + " and " + newLabel
                    + " differ only in bytes that are not valid UTF-8\n", 0, 0);
        }
        List<String> oldLines = TextLines.split(oldText);
        List<String> newLines = TextLines.split(newText);
        List<AbstractDelta<String>> deltas = LineDiff.deltas(oldLines, newLines);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldLabel).append('\n');
        out.append("+++ ").append(newLabel).append('\n');
        HunkWriter writer = new HunkWriter(oldLines, out);
        for (List<AbstractDelta<String>> hunk : groupIntoHunks(deltas)) {
            writer.write(hunk);
        }
        return new UnifiedDiff(out.toString(), writer.added(), writer.removed());
    }

    /** Deltas whose unchanged gap is at most twice the context share a hunk, as in GNU diff. */
    private static List<List<AbstractDelta<String>>> groupIntoHunks(List<AbstractDelta<String>> deltas) {
        List<List<AbstractDelta<String>>> hunks = new ArrayList<>();
        List<AbstractDelta<String>> current = new ArrayList<>();
        for (AbstractDelta<String> delta : deltas) {
            if (!current.isEmpty()) {
                AbstractDelta<String> previous = current.get(current.size() - 1);
                int gap = delta.getSource().getPosition() - sourceEnd(previous);
                if (gap > 2 * CONTEXT_LINES) {
                    hunks.add(current);
                    current = new ArrayList<>();
                }
            }
            current.add(delta);
        }
        if (!current.isEmpty()) {
            hunks.add(current);
        }
        return hunks;
    }

    static int sourceEnd(AbstractDelta<String> delta) {
        return delta.getSource().getPosition() + delta.getSource().size();
    }

    private static void requireLabel(String which, String label) {
        if (label == null || label.isEmpty() || label.indexOf('\n') >= 0 || label.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the " + which + " label must be non-empty and on one line: " + label);
        }
    }
}
