package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.ChangePrinter;
import dev.claudebottle.cli.common.ChangeReport;
import dev.claudebottle.cli.common.Colour;
import dev.claudebottle.cli.common.EditorSession;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.Prompter;
import dev.claudebottle.cli.proposals.ProposalsCommand;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.api.EditResult;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.util.List;
import java.util.Optional;

/**
 * The operator edits a bottle's live routes in $EDITOR: validated on save, the diff and risks shown, a reason and a
 * confirmation asked, then applied through the facade. Run by {@code bottle routes edit} and by the dashboard's
 * {@code o} key (which calls it directly, not through the command line). Blocking; one edit per instance.
 */
public final class RouteEditSession {
    private final OperatorDesk desk;
    private final OperatorWriter out;
    private final OperatorWriter err;

    public RouteEditSession(OperatorDesk desk, OperatorWriter out, OperatorWriter err) {
        this.desk = desk;
        this.out = out;
        this.err = err;
    }

    /**
     * Edits {@code bottle}'s routes in the editor and applies them after a reason (asked when {@code reason} is
     * empty) and a confirmation (skipped when {@code yes}); returns {@code bottle routes edit}'s exit code.
     *
     * @throws dev.claudebottle.supervise.application.port.out.GatewayException when the bottle cannot be reached
     */
    public int edit(BottleId bottle, Optional<String> reason, Optional<String> overrideGuardrails, boolean yes)
            throws InterruptedException {
        Tool tool = desk.toolFor(Component.EGRESS_PROXY);
        mentionPending(bottle);
        ConfigFile live = desk.current(bottle, Component.EGRESS_PROXY);
        Prompter prompter = new Prompter(out);
        Optional<ConfigFile> edited = new EditorSession(out, prompter, tool.validator()).edit(tool.fileName(), live);
        if (edited.isEmpty()) {
            return ExitCode.NEGATIVE;
        }
        if (edited.get().equals(live)) {
            out.println("No change; nothing applied.");
            return ExitCode.OK;
        }
        ChangePrinter printer = new ChangePrinter(out, Colour.forChoice(Colour.ColourChoice.auto));
        printer.textDiff("live/" + tool.fileName(), live.asRoutesFile(), "edited/" + tool.fileName(), edited.get().asRoutesFile());
        out.println();
        printer.semanticSummary(live.asRoutesFile(), edited.get().asRoutesFile(), desk.declaredSecrets(bottle));
        out.println();
        Optional<String> refused = desk.guardrailRefusal(live, edited.get(), overrideGuardrails);
        if (refused.isPresent()) {
            err.println("bottle: " + refused.get());
            return ExitCode.NEGATIVE;
        }
        Optional<String> why = reason.or(() -> prompter.ask("Reason for this change: ")).filter(r -> !r.isBlank());
        if (why.isEmpty()) {
            out.println("No reason given; nothing applied.");
            return ExitCode.NEGATIVE;
        }
        if (!yes && !prompter.confirm("Apply to " + bottle + "?")) {
            out.println("Not confirmed; nothing applied.");
            return ExitCode.NEGATIVE;
        }
        return switch (desk.edit(bottle, Component.EGRESS_PROXY, edited.get(), Optional.of(live.sha256()), why,
                overrideGuardrails)) {
            case EditResult.Refused refusal -> {
                err.println("bottle: " + refusal.message());
                yield ExitCode.NEGATIVE;
            }
            case EditResult.Attempted attempted -> ChangeReport.print(attempted.change(), bottle.value(), tool.fileName(),
                    out, err);
        };
    }

    private void mentionPending(BottleId bottle) {
        List<ProposalRecord> pending = desk.proposals().awaitingDecision().stream()
                .filter(record -> record.proposal().bottle().equals(bottle)).toList();
        for (ProposalRecord record : pending) {
            out.println("Note: " + bottle + " has a pending proposal " + record.id() + " (\""
                    + ProposalsCommand.oneLine(record.proposal().justification(), 50) + "\"); see `bottle proposals show "
                    + record.id() + "`. Editing now makes it stale.");
        }
    }
}
