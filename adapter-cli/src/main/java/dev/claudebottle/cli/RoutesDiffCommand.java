package dev.claudebottle.cli;

import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.routes.diff.PlainTextSummary;
import dev.claudebottle.routes.diff.RouteChange;
import dev.claudebottle.routes.diff.RoutesChangeSummary;
import dev.claudebottle.routes.diff.SemanticDiff;
import dev.claudebottle.routes.diff.TextDiff;
import dev.claudebottle.routes.diff.UnifiedDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bottle routes diff OLD NEW}: what a change to routes.yaml would do. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Show the unified diff of two routes files, then what changes for the bottle:",
            "hosts added or removed, paths and methods widened or narrowed, credentials sent to new hosts,",
            "private addresses allowed, wildcards added - each with a risk level (LOW, MEDIUM, HIGH)."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:both files valid (whether or not they differ)", "1:a file is invalid (its problems are listed)",
                "2:usage error or unreadable file"})
final class RoutesDiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "the routes file as it is")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "the routes file as it would be")
    Path newFile;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "colour the output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Colour.ColourChoice colour;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Colour paint = Colour.forChoice(colour);
        RoutesFile before = RoutesFileReader.read(oldFile);
        RoutesFile after = RoutesFileReader.read(newFile);

        UnifiedDiff text = TextDiff.unified(oldFile.toString(), before, newFile.toString(), after);
        if (text.isEmpty()) {
            out.println("The files are identical (sha256 " + after.sha256().hex() + ").");
        } else {
            // Split on LF only and show a CR, so a change of line endings alone stays visible.
            for (String line : text.text().split("\n")) {
                out.println(paint.diffLine(line.endsWith("\r") ? line.substring(0, line.length() - 1) + "^M" : line));
            }
        }
        out.println();

        ParseResult parsedBefore = RoutesParser.parse(before);
        ParseResult parsedAfter = RoutesParser.parse(after);
        if (parsedBefore instanceof ParseResult.Valid valid && parsedAfter instanceof ParseResult.Valid validAfter) {
            printSummary(out, paint, SemanticDiff.between(valid.routes(), validAfter.routes()));
            return ExitCode.OK;
        }
        out.println("No semantic summary: it needs two valid files.");
        reportProblems(err, oldFile, parsedBefore);
        reportProblems(err, newFile, parsedAfter);
        return ExitCode.NEGATIVE;
    }

    private static void printSummary(PrintWriter out, Colour paint, RoutesChangeSummary summary) {
        out.println("What changes for the bottle:");
        if (summary.isEmpty()) {
            out.print(PlainTextSummary.NO_CHANGES);
            return;
        }
        int keyWidth = PlainTextSummary.keyWidth(summary);
        for (RouteChange change : summary.changes()) {
            out.println(paint.risk(change.risk(), PlainTextSummary.line(change, keyWidth)));
        }
        out.println();
        out.println(paint.risk(summary.overallRisk().orElseThrow(), PlainTextSummary.counts(summary).strip()));
    }

    private static void reportProblems(PrintWriter err, Path file, ParseResult result) {
        if (result instanceof ParseResult.Invalid invalid) {
            for (Problem problem : invalid.problems()) {
                err.println(problem.format(file.toString()));
            }
            err.println(file + ": invalid, " + invalid.problems().size() + " problem(s)");
        }
    }
}
