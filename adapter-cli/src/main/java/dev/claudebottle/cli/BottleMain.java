package dev.claudebottle.cli;

import dev.claudebottle.cli.common.ExitCode;
import picocli.CommandLine;

/** Entry point of the {@code bottle} command. */
public final class BottleMain {
    private BottleMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one invocation and returns its exit code (for in-process tests). */
    public static int run(String... args) {
        CommandLine cli = newCommandLine();
        try {
            return cli.execute(args);
        } finally {
            // picocli's writers flush only on println; output ending in print() would be lost at System.exit.
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /** Columns of {@code --help} output: the longest description line fits without being re-broken. */
    static final int HELP_WIDTH = 110;

    public static CommandLine newCommandLine() {
        return newCommandLine(() -> GatewayWiring.fromEnvironment().desk());
    }

    /** The command line with the operator's desk from {@code desk} (tests hand in their own). */
    public static CommandLine newCommandLine(java.util.function.Supplier<dev.claudebottle.supervise.api.OperatorDesk> desk) {
        CommandLine cli = new CommandLine(BottleCommand.class, new CommandFactory(desk));
        cli.setExitCodeExceptionMapper(error -> ExitCode.OPERATIONAL);
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        // Descriptions are written as lines of up to 104 characters; picocli's default 80 would re-break each one.
        cli.setUsageHelpWidth(HELP_WIDTH);
        return cli;
    }
}
