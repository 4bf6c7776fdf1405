package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.ChangePrinter;
import dev.claudebottle.cli.common.Colour;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.RoutesFileReader;
import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.RoutesParser;
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
            "Show the unified diff of two routes files and what changes for the bottle.",
            "What changes: hosts added or removed, paths and methods widened or narrowed, credentials sent to new hosts,",
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
        OperatorWriter out = OperatorWriter.out(spec);
        PrintWriter err = OperatorWriter.err(spec);
        Colour paint = Colour.forChoice(colour);
        RoutesFile before = RoutesFileReader.read(oldFile);
        RoutesFile after = RoutesFileReader.read(newFile);

        ChangePrinter printer = new ChangePrinter(out, paint);
        printer.textDiff(oldFile.toString(), before, newFile.toString(), after);
        out.println();
        if (printer.semanticSummary(before, after)) {
            return ExitCode.OK;
        }
        ParseResult parsedBefore = RoutesParser.parse(before);
        ParseResult parsedAfter = RoutesParser.parse(after);
        out.println("No semantic summary: it needs two valid files.");
        reportProblems(err, oldFile, parsedBefore);
        reportProblems(err, newFile, parsedAfter);
        return ExitCode.NEGATIVE;
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
