package dev.claudebottle.cli.common;

import dev.claudebottle.supervise.api.ChangeResult;
import java.io.PrintWriter;

/** Tells the operator what an operator change (edit, apply, rollback) came to, and its exit code. */
public final class ChangeReport {
    private ChangeReport() {}

    public static int print(ChangeResult result, String bottle, String fileName, PrintWriter out, PrintWriter err) {
        return switch (result) {
            case ChangeResult.Changed changed -> {
                changed.warnings().forEach(warning -> err.println("warning: " + warning));
                out.println("Applied: " + bottle + " runs " + fileName + " " + changed.now().sha256().hex()
                        + " (was " + changed.previous().sha256().abbreviated() + ").");
                yield ExitCode.OK;
            }
            case ChangeResult.Unchanged unchanged -> {
                out.println("No change: " + bottle + " already runs this " + fileName + " ("
                        + unchanged.current().sha256().abbreviated() + "); nothing applied.");
                yield ExitCode.OK;
            }
            case ChangeResult.Stale stale -> {
                err.println("bottle: " + fileName + " of " + bottle + " changed meanwhile (expected "
                        + stale.expected().abbreviated() + ", live " + stale.actual().abbreviated()
                        + "); nothing applied. Look again and retry.");
                yield ExitCode.NEGATIVE;
            }
            case ChangeResult.Invalid invalid -> {
                invalid.problems().forEach(problem -> err.println(problem.format(fileName)));
                err.println("bottle: " + fileName + " is invalid; nothing applied.");
                yield ExitCode.NEGATIVE;
            }
            case ChangeResult.NotInstalled failed -> {
                err.println("bottle: " + bottle + " did not take the new " + fileName + ": " + failed.cause()
                        + (failed.restored() ? "; the previous file is back in place."
                                : "; the previous file could NOT be restored - check the bottle (`bottle routes show "
                                        + bottle + "`)."));
                yield ExitCode.NEGATIVE;
            }
        };
    }
}
