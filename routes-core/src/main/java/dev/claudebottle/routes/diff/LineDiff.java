package dev.claudebottle.routes.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import java.util.List;

/**
 * The line deltas between two texts: Myers' minimal diff within a bounded number of edit steps,
 * else one replacement of everything between the common leading and trailing lines. Myers costs
 * about (lines x edits), so two very different 1 MiB files would otherwise take many seconds.
 */
final class LineDiff {
    static final int MAX_EDIT_STEPS = 5_000;

    private LineDiff() {}

    static List<AbstractDelta<String>> deltas(List<String> oldLines, List<String> newLines) {
        return deltas(oldLines, newLines, MAX_EDIT_STEPS);
    }

    static List<AbstractDelta<String>> deltas(List<String> oldLines, List<String> newLines, int maxEditSteps) {
        try {
            return DiffUtils.diff(oldLines, newLines, new Budget(maxEditSteps)).getDeltas();
        } catch (BudgetExceeded e) {
            return replacement(oldLines, newLines);
        }
    }

    private static List<AbstractDelta<String>> replacement(List<String> oldLines, List<String> newLines) {
        int prefix = 0;
        while (prefix < oldLines.size() && prefix < newLines.size()
                && oldLines.get(prefix).equals(newLines.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < oldLines.size() - prefix && suffix < newLines.size() - prefix
                && oldLines.get(oldLines.size() - 1 - suffix).equals(newLines.get(newLines.size() - 1 - suffix))) {
            suffix++;
        }
        return List.of(new ChangeDelta<>(
                new Chunk<>(prefix, oldLines.subList(prefix, oldLines.size() - suffix)),
                new Chunk<>(prefix, newLines.subList(prefix, newLines.size() - suffix))));
    }

    /** Stops Myers' search after {@code maxSteps} edit steps (it reports one per edit distance tried). */
    private record Budget(int maxSteps) implements DiffAlgorithmListener {
        @Override
        public void diffStart() {}

        @Override
        public void diffStep(int value, int max) {
            if (value > maxSteps) {
                throw new BudgetExceeded();
            }
        }

        @Override
        public void diffEnd() {}
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("edit budget exceeded", null, false, false);
        }
    }
}
