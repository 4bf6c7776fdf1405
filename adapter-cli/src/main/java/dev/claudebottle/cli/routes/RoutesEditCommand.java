package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.DeskVerb;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle routes edit NAME}: change a bottle's routes in $EDITOR, applied on save. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = {"Edit the bottle's live routes.yaml in $VISUAL/$EDITOR and apply it.",
                "On save it is validated (invalid: reopen with the problems as comments, or abort), the diff and",
                "risk levels are shown, and after a reason and a confirmation it is applied through the same",
                "pipeline as an approval."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:applied, or no change", "1:aborted, invalid, stale, or the proxy refused it",
                "2:usage error", "3:the bottle cannot be reached"})
final class RoutesEditCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle")
    String name;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why (asked for when not given)")
    String reason;

    @Option(names = OVERRIDE_GUARDRAILS, paramLabel = "REASON", description = {"apply although the edit",
            "breaks the operator's guardrail policy (policy.yaml); the reason and the rules are audited"})
    String overrideGuardrails;

    @Option(names = {"-y", "--yes"}, description = "apply without asking for confirmation")
    boolean yes;

    @Override
    public Integer call() throws InterruptedException {
        return new RouteEditSession(desk(), out(), err()).edit(bottle(name), Optional.ofNullable(reason),
                Optional.ofNullable(overrideGuardrails), yes);
    }
}
