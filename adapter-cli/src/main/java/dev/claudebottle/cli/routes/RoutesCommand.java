package dev.claudebottle.cli.routes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bottle routes}: inspect, check and change a bottle's routes.yaml. */
@Command(
        name = "routes",
        mixinStandardHelpOptions = true,
        description = "Show, edit, apply, roll back, validate, test and diff a bottle's routes.yaml.",
        subcommands = {RoutesShowCommand.class, RoutesEditCommand.class, RoutesApplyCommand.class, RoutesHistoryCommand.class,
                RoutesRollbackCommand.class, RoutesValidateCommand.class, RoutesTestCommand.class, RoutesDiffCommand.class})
public final class RoutesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required (show, edit, apply, history, rollback, validate, test, diff)");
    }
}
