package dev.claudebottle.cli;

import dev.claudebottle.cli.common.ClusterOptions;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.supervise.api.BottleDesk;
import dev.claudebottle.supervise.api.OperatorDesk;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The {@code bottle} command line over the desks the composition root hands in (each built on first use, so
 * {@code --help} and usage errors touch nothing): parsing, help, exit codes and every verb but {@code supervise}, which
 * the composition root adds (it wires a server of its own).
 */
public final class BottleCli {
    private BottleCli() {}

    /** Columns of {@code --help} output: the longest description line fits without being re-broken. */
    static final int HELP_WIDTH = 110;

    /**
     * What the verbs work on, each asked for on first use, and the cluster options the command line fills in while
     * parsing (read by whoever builds the desks).
     */
    public record Desks(Supplier<OperatorDesk> operator, Supplier<BottleDesk> bottles, Supplier<Path> stateHome,
            ClusterOptions cluster) {
        /** Desks whose cluster options nobody reads. */
        public Desks(Supplier<OperatorDesk> operator, Supplier<BottleDesk> bottles, Supplier<Path> stateHome) {
            this(operator, bottles, stateHome, new ClusterOptions());
        }
    }

    /** Runs one invocation of {@code cli} and returns its exit code, with every character written flushed. */
    public static int run(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } finally {
            // picocli's writers flush only on println; output ending in print() would be lost at System.exit.
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /** The command line with the operator's desk from {@code desk} and no other desk (tests hand in their own). */
    public static CommandLine newCommandLine(Supplier<OperatorDesk> desk) {
        return newCommandLine(new Desks(desk, () -> {
            throw new IllegalStateException("this command line was built without the bottles' desk");
        }, () -> {
            throw new IllegalStateException("this command line was built without a state home");
        }));
    }

    /** The command line over {@code desks}. */
    public static CommandLine newCommandLine(Desks desks) {
        CommandLine cli = new CommandLine(BottleCommand.class, new CommandFactory(desks));
        cli.setExitCodeExceptionMapper(error -> ExitCode.OPERATIONAL);
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        // Descriptions are written as lines of up to 104 characters; picocli's default 80 would re-break each one.
        cli.setUsageHelpWidth(HELP_WIDTH);
        return cli;
    }
}
