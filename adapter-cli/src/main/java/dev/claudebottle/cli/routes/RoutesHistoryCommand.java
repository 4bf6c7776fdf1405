package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.supervise.api.LiveConfig;

import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.tool.Tool;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bottle routes history NAME}: every routes.yaml that was live in the bottle, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List every routes.yaml version that became live in the bottle, newest first.",
                "The one live now is marked. Roll back with `bottle routes rollback NAME [--to SHA256]`."})
final class RoutesHistoryCommand extends DeskVerb {
    /** Fixed width (milliseconds, UTC), so the SHA-256 column lines up. */
    private static final DateTimeFormatter APPLIED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle")
    String name;

    @Override
    public Integer call() {
        BottleId bottle = bottle(name);
        Tool tool = desk().toolFor(Component.EGRESS_PROXY);
        List<AppliedVersion> versions = desk().history(bottle, Component.EGRESS_PROXY);
        if (versions.isEmpty()) {
            out().println("No versions recorded for " + bottle + " yet.");
            return ExitCode.OK;
        }
        LiveConfig live = desk().live(bottle, tool.id());
        Optional<String> liveSha = live.file().map(file -> file.sha256().hex());
        out().printf("%-24s %s%n", "APPLIED AT", "SHA256");
        for (AppliedVersion version : versions.reversed()) {
            boolean isLive = liveSha.filter(version.sha256().hex()::equals).isPresent();
            out().printf("%-24s %s%s%n", APPLIED_AT.format(version.appliedAt()), version.sha256().hex(), isLive ? "  (live)" : "");
        }
        if (liveSha.isEmpty()) {
            err().println("note: the live file cannot be read: " + live.problem());
        }
        return ExitCode.OK;
    }
}
