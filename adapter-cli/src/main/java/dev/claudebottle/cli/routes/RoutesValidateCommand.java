package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.RoutesFileReader;
import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.RoutesParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bottle routes validate FILE}: the same parser egress-proxy uses, as a check. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check a routes.yaml with the parser egress-proxy uses.",
            "Prints one FILE:LINE:COL: message line per problem on stderr."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (every problem is listed)", "2:usage error or unreadable file"})
final class RoutesValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the routes.yaml (YAML or JSON) to check")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = OperatorWriter.out(spec);
        PrintWriter err = OperatorWriter.err(spec);
        ParseResult result = RoutesParser.parse(RoutesFileReader.read(file));
        switch (result) {
            case ParseResult.Valid valid -> {
                int count = valid.routes().routes().size();
                out.println(file + ": valid, " + count + (count == 1 ? " route" : " routes")
                        + (count == 0 ? " (denies everything)" : "")
                        + ", sha256 " + valid.file().sha256().hex());
                return ExitCode.OK;
            }
            case ParseResult.Invalid invalid -> {
                for (Problem problem : invalid.problems()) {
                    err.println(problem.format(file.toString()));
                }
                int count = invalid.problems().size();
                err.println(file + ": invalid, " + count + (count == 1 ? " problem" : " problems"));
                return ExitCode.NEGATIVE;
            }
        }
    }
}
