package dev.claudebottle.cli;

import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle approve ID}: approve a proposal and apply it now. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a proposal and apply it: write the file into the bottle's component, reload it,",
                "confirm it loaded, and tell the waiting agent. A proposal whose base is no longer live is never",
                "applied blindly: it ends in conflict (nothing applied; the agent is told to re-read the routes and",
                "propose again) unless --rebase (or --edit) says to apply it over the live file."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:applied", "1:not applied (conflict, failed, already decided, expired, or an invalid edit)",
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
        ProposalApproval approval = new ProposalApproval(desk(), OperatorDesk.operator());
        Optional<String> why = Optional.ofNullable(reason);
        Consumer<ProposalRecord> approved = record ->
                out().println("Approved " + record.id() + "; applying to " + record.proposal().bottle() + " ...");
        ProposalApproval.Result result;
        if (edit && found.get().awaitsDecision()) {
            Proposal proposal = found.get().proposal();
            Tool tool = desk().tools.require(proposal.tool());
            ConfigFile live = tool.applier().current(proposal.bottle());
            Optional<ConfigFile> edited = new EditorSession(out(), new Prompter(out()), tool.validator())
                    .edit(tool.fileName(), proposal.content());
            if (edited.isEmpty()) {
                return ExitCode.NEGATIVE;
            }
            result = approval.approveEdited(proposal.id(), why, edited.get(), live.sha256(), approved);
        } else {
            result = approval.approve(proposalId(id), why,
                    rebase ? ProposalApproval.OnStaleBase.REBASE : ProposalApproval.OnStaleBase.SEND_BACK, approved);
        }
        return report(result);
    }

    private int report(ProposalApproval.Result result) {
        return switch (result) {
            case ProposalApproval.Result.Applied applied -> {
                applied.warnings().forEach(warning -> err().println("warning: " + warning));
                out().println(ProposalsShowCommand.describe(applied.outcome()));
                yield ExitCode.OK;
            }
            case ProposalApproval.Result.NotApplied notApplied -> {
                notApplied.warnings().forEach(warning -> err().println("warning: " + warning));
                out().println(ProposalsShowCommand.describe(notApplied.outcome()));
                if (notApplied.outcome() instanceof Outcome.Conflict) {
                    out().println("The agent was told `conflict`: it re-reads the live routes and can propose again.");
                }
                yield ExitCode.NEGATIVE;
            }
            case ProposalApproval.Result.StaleBase stale -> // approve never asks (it sends back or rebases)
                    throw new IllegalStateException("approve was asked about the stale base of " + stale.proposal().id());
            case ProposalApproval.Result.EditInvalid invalid -> {
                invalid.problems().forEach(problem -> err().println(problem.format(invalid.fileName())));
                yield ExitCode.NEGATIVE;
            }
            case ProposalApproval.Result.Refused refused -> {
                err().println("bottle: " + refused.message());
                yield ExitCode.NEGATIVE;
            }
        };
    }
}
