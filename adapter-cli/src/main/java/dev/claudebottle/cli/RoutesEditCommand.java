package dev.claudebottle.cli;

import dev.claudebottle.supervise.api.EditResult;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.util.List;
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
        BottleId bottle = bottle(name);
        Tool tool = desk().toolFor(Component.EGRESS_PROXY);
        mentionPending(bottle);
        ConfigFile live = desk().current(bottle, Component.EGRESS_PROXY);
        Prompter prompter = new Prompter(out());
        Optional<ConfigFile> edited = new EditorSession(out(), prompter, tool.validator()).edit(tool.fileName(), live);
        if (edited.isEmpty()) {
            return ExitCode.NEGATIVE;
        }
        if (edited.get().equals(live)) {
            out().println("No change; nothing applied.");
            return ExitCode.OK;
        }
        ChangePrinter printer = new ChangePrinter(out(), Colour.forChoice(Colour.ColourChoice.auto));
        printer.textDiff("live/" + tool.fileName(), live.asRoutesFile(), "edited/" + tool.fileName(), edited.get().asRoutesFile());
        out().println();
        printer.semanticSummary(live.asRoutesFile(), edited.get().asRoutesFile(), desk().declaredSecrets(bottle));
        out().println();
        Optional<String> refused = desk().guardrailRefusal(live, edited.get(), Optional.ofNullable(overrideGuardrails));
        if (refused.isPresent()) {
            err().println("bottle: " + refused.get());
            return ExitCode.NEGATIVE;
        }
        Optional<String> why = Optional.ofNullable(reason).or(() -> prompter.ask("Reason for this change: ")).filter(r -> !r.isBlank());
        if (why.isEmpty()) {
            out().println("No reason given; nothing applied.");
            return ExitCode.NEGATIVE;
        }
        if (!yes && !prompter.confirm("Apply to " + bottle + "?")) {
            out().println("Not confirmed; nothing applied.");
            return ExitCode.NEGATIVE;
        }
        return switch (desk().edit(bottle, Component.EGRESS_PROXY, edited.get(), Optional.of(live.sha256()), why,
                Optional.ofNullable(overrideGuardrails))) {
            case EditResult.Refused refusal -> {
                err().println("bottle: " + refusal.message());
                yield ExitCode.NEGATIVE;
            }
            case EditResult.Attempted attempted -> ChangeReport.print(attempted.change(), bottle.value(), tool.fileName(),
                    out(), err());
        };
    }

    private void mentionPending(BottleId bottle) {
        List<ProposalRecord> pending = desk().proposals().awaitingDecision().stream()
                .filter(record -> record.proposal().bottle().equals(bottle)).toList();
        for (ProposalRecord record : pending) {
            out().println("Note: " + bottle + " has a pending proposal " + record.id() + " (\""
                    + ProposalsCommand.oneLine(record.proposal().justification(), 50) + "\"); see `bottle proposals show "
                    + record.id() + "`. Editing now makes it stale.");
        }
    }
}
