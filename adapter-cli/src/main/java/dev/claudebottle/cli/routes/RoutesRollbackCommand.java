package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.ChangeReport;
import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.supervise.api.RollBackResult;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.tool.Tool;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle routes rollback NAME [--to SHA256]}: put an earlier routes.yaml back. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Put an earlier routes.yaml back.",
                "The version live before the current one, or the one named by --to (see `bottle routes history`),",
                "through the same pipeline as every change."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:rolled back (or already live)", "1:no such version, or the proxy refused it",
                "2:usage error", "3:the bottle cannot be reached"})
final class RoutesRollbackCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle")
    String name;

    @Option(names = "--to", paramLabel = "SHA256", description = "the version to restore (default: the one before the live one)")
    String to;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded in the audit log)")
    String reason;

    @Override
    public Integer call() throws InterruptedException {
        BottleId bottle = bottle(name);
        Tool tool = desk().toolFor(Component.EGRESS_PROXY);
        RollBackResult result = desk().rollBack(bottle, Component.EGRESS_PROXY,
                Optional.ofNullable(to).map(RoutesApplyCommand::sha), Optional.ofNullable(reason));
        return switch (result) {
            case RollBackResult.NoSuchVersion none -> {
                err().println("bottle: " + none.message());
                yield ExitCode.NEGATIVE;
            }
            case RollBackResult.Attempted attempted -> {
                out().println("Rolling back " + bottle + " to " + attempted.target().hex());
                yield ChangeReport.print(attempted.change(), bottle.value(), tool.fileName(), out(), err());
            }
        };
    }
}
