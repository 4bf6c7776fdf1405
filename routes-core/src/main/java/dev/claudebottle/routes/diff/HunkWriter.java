package dev.claudebottle.routes.diff;

import com.github.difflib.patch.AbstractDelta;
import java.util.List;

/** Writes hunks of a unified diff (header, context, removed and added lines) and counts lines. */
final class HunkWriter {
    private static final String NO_NEWLINE = "\\ No newline at end of file\n";

    private final List<String> oldLines;
    private final StringBuilder out;
    private int added;
    private int removed;

    HunkWriter(List<String> oldLines, StringBuilder out) {
        this.oldLines = oldLines;
        this.out = out;
    }

    /** Writes one hunk made of {@code deltas} (in order, non-empty) with surrounding context. */
    void write(List<AbstractDelta<String>> deltas) {
        AbstractDelta<String> first = deltas.get(0);
        AbstractDelta<String> last = deltas.get(deltas.size() - 1);
        int oldStart = Math.max(0, first.getSource().getPosition() - TextDiff.CONTEXT_LINES);
        int oldEnd = Math.min(oldLines.size(), TextDiff.sourceEnd(last) + TextDiff.CONTEXT_LINES);
        int newStart = first.getTarget().getPosition() - (first.getSource().getPosition() - oldStart);
        int newEnd = last.getTarget().getPosition() + last.getTarget().size() + (oldEnd - TextDiff.sourceEnd(last));

        out.append("@@ -").append(range(oldStart, oldEnd - oldStart))
                .append(" +").append(range(newStart, newEnd - newStart)).append(" @@\n");
        int line = oldStart;
        for (AbstractDelta<String> delta : deltas) {
            for (; line < delta.getSource().getPosition(); line++) {
                emit(' ', oldLines.get(line));
            }
            for (String removedLine : delta.getSource().getLines()) {
                emit('-', removedLine);
                removed++;
            }
            for (String addedLine : delta.getTarget().getLines()) {
                emit('+', addedLine);
                added++;
            }
            line = TextDiff.sourceEnd(delta);
        }
        for (; line < oldEnd; line++) {
            emit(' ', oldLines.get(line));
        }
    }

    int added() {
        return added;
    }

    int removed() {
        return removed;
    }

    private void emit(char prefix, String line) {
        out.append(prefix).append(TextLines.withoutNewline(line)).append('\n');
        if (!TextLines.hasTerminator(line)) {
            out.append(NO_NEWLINE);
        }
    }

    /** GNU style: "start,count" 1-based; "start" alone for one line; an empty range names the line before it. */
    private static String range(int zeroBasedStart, int count) {
        if (count == 1) {
            return Integer.toString(zeroBasedStart + 1);
        }
        if (count == 0) {
            return zeroBasedStart + ",0";
        }
        return (zeroBasedStart + 1) + "," + count;
    }
}
