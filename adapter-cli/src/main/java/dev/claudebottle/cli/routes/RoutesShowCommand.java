package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bottle routes show NAME}: the routes.yaml the bottle's egress-proxy runs, byte for byte. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print the routes.yaml the bottle's egress-proxy runs, exactly.",
                "The file goes to stdout, its SHA-256 to stderr, so the output can be redirected to a file. Control, bidi",
                "and other invisible format characters in it are shown escaped (\\x1b, \\u202e) unless --raw is given."})
final class RoutesShowCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle")
    String name;

    @picocli.CommandLine.Option(names = "--raw",
            description = "the exact bytes even where they hold control or bidi characters (for > FILE, not for a terminal)")
    boolean raw;

    @Override
    public Integer call() {
        BottleId bottle = bottle(name);
        Tool tool = desk().toolFor(Component.EGRESS_PROXY);
        ConfigFile live = desk().current(bottle, Component.EGRESS_PROXY);
        java.io.PrintWriter out = raw ? OperatorWriter.unescaped(spec) : out();
        out.print(live.text());
        out.flush();
        err().println("# " + bottle + ": " + tool.fileName() + " sha256 " + live.sha256().hex());
        return ExitCode.OK;
    }
}
