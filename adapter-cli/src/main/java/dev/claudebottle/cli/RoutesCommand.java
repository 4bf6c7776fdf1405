package dev.claudebottle.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bottle routes}: inspect, check and change a bottle's routes.yaml. */
@Command(
        name = "routes",
        mixinStandardHelpOptions = true,
        description = "Validate, test and diff routes.yaml files.",
        subcommands = {RoutesValidateCommand.class, RoutesTestCommand.class, RoutesDiffCommand.class})
final class RoutesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required (validate, test, diff)");
    }
}
