package dev.claudebottle.routes.diff;

import dev.claudebottle.routes.PathPattern;
import java.util.List;
import java.util.Optional;

/**
 * Compares two path allowlists (absent = every path) by what they allow, using exact glob
 * containment: "widened" and "narrowed" are claimed only with a path that proves them.
 */
final class PathAllowlistComparison {
    private static final List<String> EVERY_PATH = List.of("/**");

    private PathAllowlistComparison() {}

    static Optional<Aspect> compare(Optional<List<PathPattern>> old, Optional<List<PathPattern>> neu) {
        return compare(old, neu, SearchBudget.perDiff());
    }

    /** As {@link #compare(Optional, Optional)}, giving up (conservatively) once {@code budget} is spent. */
    static Optional<Aspect> compare(Optional<List<PathPattern>> old, Optional<List<PathPattern>> neu,
            SearchBudget budget) {
        List<String> oldPatterns = old.map(PathAllowlistComparison::strings).orElse(EVERY_PATH);
        List<String> newPatterns = neu.map(PathAllowlistComparison::strings).orElse(EVERY_PATH);
        if (old.isPresent() == neu.isPresent() && oldPatterns.stream().distinct().sorted().toList()
                .equals(newPatterns.stream().distinct().sorted().toList())) {
            return Optional.empty();
        }
        String edits = edits(old, neu, oldPatterns, newPatterns);
        GlobContainment.Outcome newWithinOld = GlobContainment.of(newPatterns, oldPatterns, budget);
        return Optional.of(switch (newWithinOld) {
            case GlobContainment.Outcome.NotContained(String witness) -> new Aspect(ChangeKind.PATHS_WIDENED,
                    widened(old, neu, edits, witness));
            case GlobContainment.Outcome.Undecided() -> new Aspect(ChangeKind.PATHS_CHANGED,
                    "path allowlist changed " + edits + ": could not prove it allows no more than before");
            case GlobContainment.Outcome.Contained() -> switch (GlobContainment.of(oldPatterns, newPatterns, budget)) {
                case GlobContainment.Outcome.NotContained(String witness) -> new Aspect(ChangeKind.PATHS_NARROWED,
                        narrowed(old, neu, edits, witness));
                case GlobContainment.Outcome.Contained() -> new Aspect(ChangeKind.PATHS_REWRITTEN,
                        "path allowlist rewritten " + edits + ": it allows exactly the same paths");
                case GlobContainment.Outcome.Undecided() -> new Aspect(ChangeKind.PATHS_CHANGED,
                        "path allowlist changed " + edits + ": could not prove it is narrower");
            };
        });
    }

    private static String widened(Optional<List<PathPattern>> old, Optional<List<PathPattern>> neu,
            String edits, String witness) {
        if (neu.isEmpty()) {
            return "path allowlist removed: every path now allowed (was " + Wording.patterns(old.orElseThrow()) + ")";
        }
        return "path allowlist widened " + edits + ": e.g. " + witness + " is now allowed";
    }

    private static String narrowed(Optional<List<PathPattern>> old, Optional<List<PathPattern>> neu,
            String edits, String witness) {
        if (old.isEmpty()) {
            return "path allowlist added: only " + Wording.patterns(neu.orElseThrow())
                    + " now allowed (was every path)";
        }
        return "path allowlist narrowed " + edits + ": e.g. " + witness + " is no longer allowed";
    }

    private static String edits(Optional<List<PathPattern>> old, Optional<List<PathPattern>> neu,
            List<String> oldPatterns, List<String> newPatterns) {
        if (old.isEmpty()) {
            return "(none before; now " + String.join(", ", newPatterns) + ")";
        }
        if (neu.isEmpty()) {
            return "(removed; was " + String.join(", ", oldPatterns) + ")";
        }
        return Wording.plusMinus(
                newPatterns.stream().filter(p -> !oldPatterns.contains(p)).distinct().toList(),
                oldPatterns.stream().filter(p -> !newPatterns.contains(p)).distinct().toList());
    }

    private static List<String> strings(List<PathPattern> patterns) {
        return patterns.stream().map(PathPattern::pattern).toList();
    }
}
