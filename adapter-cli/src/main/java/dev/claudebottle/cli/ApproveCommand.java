package dev.claudebottle.cli;

import dev.claudebottle.supervise.application.ApplyProposalCommand;
import dev.claudebottle.supervise.application.ApplyResult;
import dev.claudebottle.supervise.application.DecideProposalCommand;
import dev.claudebottle.supervise.application.DecideResult;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle approve ID}: approve a proposal and apply it now. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a proposal and apply it: write the file into the bottle's component, reload it,",
                "confirm it loaded, and tell the waiting agent. A proposal whose base is no longer live is not",
                "approved unless --rebase (or --edit) says to apply it over the live file."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:applied", "1:not applied (stale base, already decided, expired, invalid edit, failed or conflict)",
                "2:usage error", "3:no such proposal, or the bottle cannot be reached"})
final class ApproveCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "ID", description = "the proposal's id (p-...)")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded in the audit log)")
    String reason;

    @Option(names = "--edit", description = "open the proposed file in $EDITOR first and apply your version (the agent is told it was edited)")
    boolean edit;

    @Option(names = "--rebase", description = "apply over the live file even though it changed since the agent read it")
    boolean rebase;

    @Override
    public Integer call() throws InterruptedException {
        Optional<ProposalRecord> found = desk().queue.find(proposalId(id));
        if (found.isEmpty()) {
            err().println("bottle: no proposal " + id + "; list them with `bottle proposals`");
            return ExitCode.OPERATIONAL;
        }
        Proposal proposal = found.get().proposal();
        if (!found.get().awaitsDecision()) {
            err().println("bottle: " + id + " is already " + found.get().status().word() + "; nothing to approve");
            return ExitCode.NEGATIVE;
        }
        Tool tool = desk().tools.require(proposal.tool());
        ConfigFile live = tool.applier().current(proposal.bottle());
        Optional<DecideProposalCommand> command = decision(proposal, tool, live);
        if (command.isEmpty()) {
            return ExitCode.NEGATIVE;
        }
        return switch (desk().decide.decide(command.get())) {
            case DecideResult.Decided decided -> apply(decided.record());
            case DecideResult.EditInvalid invalid -> {
                invalid.problems().forEach(problem -> err().println(problem.format(invalid.fileName())));
                yield ExitCode.NEGATIVE;
            }
            case DecideResult.AlreadyDecided already -> refused(id + " was decided meanwhile: " + already.record().status().word());
            case DecideResult.ProposalExpired expired -> refused(id + " expired before it was decided; the agent was told it was denied");
            case DecideResult.NoSuchProposal none -> refused("no proposal " + id);
        };
    }

    private Optional<DecideProposalCommand> decision(Proposal proposal, Tool tool, ConfigFile live) {
        Optional<String> why = Optional.ofNullable(reason);
        if (edit) {
            return new EditorSession(out(), new Prompter(out()), tool.validator())
                    .edit(tool.fileName(), proposal.content())
                    .map(edited -> DecideProposalCommand.approveWithEdits(proposal.id(), OperatorDesk.operator(), why,
                            edited, live.sha256()));
        }
        if (live.sha256().equals(proposal.base())) {
            return Optional.of(DecideProposalCommand.approve(proposal.id(), OperatorDesk.operator(), why));
        }
        if (rebase) {
            return Optional.of(DecideProposalCommand.approveRebased(proposal.id(), OperatorDesk.operator(), why, live.sha256()));
        }
        err().println("bottle: " + tool.fileName() + " of " + proposal.bottle() + " changed since the agent read it (base "
                + proposal.base().abbreviated() + ", live " + live.sha256().abbreviated() + "); nothing approved.");
        err().println("Review the diff against the live file with `bottle proposals show " + proposal.id()
                + "`, then approve with --rebase (or --edit) to apply over it, or reject.");
        return Optional.empty();
    }

    private int apply(ProposalRecord decided) throws InterruptedException {
        out().println("Approved " + decided.id() + "; applying to " + decided.proposal().bottle() + " ...");
        return switch (desk().apply.apply(new ApplyProposalCommand(decided.id()))) {
            case ApplyResult.Finished finished -> {
                finished.warnings().forEach(warning -> err().println("warning: " + warning));
                Outcome outcome = finished.record().outcome().orElseThrow();
                out().println(ProposalsShowCommand.describe(outcome));
                yield outcome instanceof Outcome.Applied ? ExitCode.OK : ExitCode.NEGATIVE;
            }
            case ApplyResult.AlreadyFinished already -> refused("already finished: " + already.record().status().word());
            case ApplyResult.NotApproved notApproved -> refused("not approved: " + notApproved.record().status().word());
            case ApplyResult.NoSuchProposal none -> refused("no proposal " + none.id());
        };
    }

    private int refused(String message) {
        err().println("bottle: " + message);
        return ExitCode.NEGATIVE;
    }
}
