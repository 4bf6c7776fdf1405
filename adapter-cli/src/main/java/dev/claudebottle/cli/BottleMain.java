package dev.claudebottle.cli;

import picocli.CommandLine;

/** Entry point of the {@code bottle} command. */
public final class BottleMain {
    private BottleMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one invocation and returns its exit code (for in-process tests). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        return newCommandLine(() -> GatewayWiring.fromEnvironment().desk());
    }

    /** The command line with the operator's desk from {@code desk} (tests hand in their own). */
    static CommandLine newCommandLine(java.util.function.Supplier<OperatorDesk> desk) {
        CommandLine cli = new CommandLine(BottleCommand.class, new CommandFactory(desk));
        cli.setExitCodeExceptionMapper(error -> ExitCode.OPERATIONAL);
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        return cli;
    }
}
