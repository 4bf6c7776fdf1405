package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.ChangeReport;
import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.RoutesFileReader;
import dev.claudebottle.cli.common.UserInputException;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.api.EditResult;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.Tool;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle routes apply NAME FILE --reason TEXT}: put a routes file into a bottle, scripted. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Apply FILE as the bottle's routes.yaml.",
                "Through the same pipeline as an approval: validate, write, reload egress-proxy, confirm it loaded",
                "exactly this file, audit."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:applied (or already live)", "1:invalid, stale (--base), or the proxy refused it (previous file restored)",
                "2:usage error or unreadable FILE", "3:the bottle cannot be reached"})
final class RoutesApplyCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "the new routes.yaml")
    Path file;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "why (recorded in the audit log)")
    String reason;

    @Option(names = "--base", paramLabel = "SHA256", description = "apply only if the live file is still this one")
    String base;

    @Option(names = OVERRIDE_GUARDRAILS, paramLabel = "REASON", description = {"apply although the file",
            "breaks the operator's guardrail policy (policy.yaml); the reason and the rules are audited"})
    String overrideGuardrails;

    @Override
    public Integer call() throws InterruptedException {
        BottleId bottle = bottle(name);
        ConfigFile content = ConfigFile.of(RoutesFileReader.read(file).bytes());
        Optional<Sha256> against = Optional.ofNullable(base).map(RoutesApplyCommand::sha);
        Tool tool = desk().toolFor(Component.EGRESS_PROXY);
        return switch (desk().edit(bottle, Component.EGRESS_PROXY, content, against, Optional.of(reason),
                Optional.ofNullable(overrideGuardrails))) {
            case EditResult.Refused refused -> {
                err().println("bottle: " + refused.message());
                yield ExitCode.NEGATIVE;
            }
            case EditResult.Attempted attempted -> ChangeReport.print(attempted.change(), bottle.value(), tool.fileName(),
                    out(), err());
        };
    }

    static Sha256 sha(String text) {
        try {
            return Sha256.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
