package dev.claudebottle.cli.common;

import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.routes.diff.PlainTextSummary;
import dev.claudebottle.routes.diff.RouteChange;
import dev.claudebottle.routes.diff.RoutesChangeSummary;
import dev.claudebottle.routes.diff.SemanticDiff;
import dev.claudebottle.routes.diff.TextDiff;
import dev.claudebottle.routes.diff.UnifiedDiff;
import dev.claudebottle.routes.diff.Risk;
import java.util.Optional;
import java.util.Set;

/** Prints what a routes change does: the unified diff, then the semantic summary with risk levels. */
public final class ChangePrinter {
    private final OperatorWriter out;
    private final Colour paint;

    public ChangePrinter(OperatorWriter out, Colour paint) {
        this.out = out;
        this.paint = paint;
    }

    /** The unified diff; says so when the files are identical. */
    public void textDiff(String oldLabel, RoutesFile before, String newLabel, RoutesFile after) {
        UnifiedDiff text = TextDiff.unified(oldLabel, before, newLabel, after);
        if (text.isEmpty()) {
            out.println("The files are identical (sha256 " + after.sha256().hex() + ").");
            return;
        }
        // Split on LF only and show a CR, so a change of line endings alone stays visible.
        for (String line : text.text().split("\n")) {
            paint.diffLine(out, line.endsWith("\r") ? line.substring(0, line.length() - 1) + "^M" : line);
        }
    }

    /** The semantic summary when both files are valid; returns whether it could be printed. */
    public boolean semanticSummary(RoutesFile before, RoutesFile after) {
        return semanticSummary(before, after, Optional.empty());
    }

    /**
     * As above, then a HIGH line for each route of {@code after} naming a secret outside
     * {@code declared} (the bottle's declared secret names, when known).
     */
    public boolean semanticSummary(RoutesFile before, RoutesFile after, Optional<Set<String>> declared) {
        if (RoutesParser.parse(before) instanceof ParseResult.Valid valid
                && RoutesParser.parse(after) instanceof ParseResult.Valid validAfter) {
            summary(SemanticDiff.between(valid.routes(), validAfter.routes()));
            for (String line : UndeclaredSecrets.lines(after, declared)) {
                paint.risk(out, Risk.HIGH, line);
            }
            return true;
        }
        return false;
    }

    void summary(RoutesChangeSummary summary) {
        out.println("What changes for the bottle:");
        if (summary.isEmpty()) {
            out.print(PlainTextSummary.NO_CHANGES);
            return;
        }
        int keyWidth = PlainTextSummary.keyWidth(summary);
        for (RouteChange change : summary.changes()) {
            paint.risk(out, change.risk(), PlainTextSummary.line(change, keyWidth));
        }
        paint.risk(out, summary.overallRisk().orElseThrow(), PlainTextSummary.counts(summary));
    }
}
