package dev.claudebottle.cli;

import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a verb into one message and exit code: {@link UserInputException}
 * is a usage error (2), anything else an operational failure (3). Stack traces only with
 * {@code BOTTLE_DEBUG=1}.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
        OperatorWriter.err(command).println("bottle: " + error.getMessage());
        if ("1".equals(System.getenv("BOTTLE_DEBUG"))) {
            error.printStackTrace(OperatorWriter.err(command));
        }
        return error instanceof UserInputException ? ExitCode.USAGE : ExitCode.OPERATIONAL;
    }
}
