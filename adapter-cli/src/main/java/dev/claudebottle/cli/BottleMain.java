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
        CommandLine cli = new CommandLine(new BottleCommand());
        cli.setExitCodeExceptionMapper(error -> ExitCode.OPERATIONAL);
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        return cli;
    }
}
