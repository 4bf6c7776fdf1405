package dev.claudebottle.cli;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bottle routes show NAME}: the routes.yaml the bottle's egress-proxy runs, byte for byte. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print the routes.yaml the bottle's egress-proxy runs, exactly.",
                "The file goes to stdout, its SHA-256 to stderr, so the output can be redirected to a file."})
final class RoutesShowCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle")
    String name;

    @Override
    public Integer call() {
        BottleId bottle = bottle(name);
        Tool tool = desk().tools.forComponent(Component.EGRESS_PROXY);
        ConfigFile live = tool.applier().current(bottle);
        out().print(live.text());
        out().flush();
        err().println("# " + bottle + ": " + tool.fileName() + " sha256 " + live.sha256().hex());
        return ExitCode.OK;
    }
}
