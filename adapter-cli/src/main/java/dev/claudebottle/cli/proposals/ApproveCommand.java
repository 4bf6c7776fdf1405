package dev.claudebottle.cli.proposals;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.Durations;
import dev.claudebottle.cli.common.EditorSession;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.GrantText;
import dev.claudebottle.cli.common.Prompter;
import dev.claudebottle.supervise.api.Approval;
import dev.claudebottle.supervise.api.ApprovalResult;
import dev.claudebottle.supervise.api.OnStaleBase;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle approve ID}: approve a proposal and apply it now. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a proposal and apply it to its bottle now.",
                "Writes the file into the bottle's component, reloads it, confirms it loaded, and tells the agent.",
                "A proposal whose base is no longer live is never applied blindly: it ends in conflict (nothing",
                "applied; the agent is told to re-read the routes and propose again) unless --rebase (or --edit)",
                "says to apply it over the live file. A proposal approved earlier whose apply never finished is",
                "applied as it was approved."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:applied", "1:not applied (conflict, failed, already decided, expired, or an invalid edit)",
                "2:usage error", "3:no such proposal, or the bottle cannot be reached (an approval stays recorded; approve again to apply it)"})
public final class ApproveCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "ID", description = "the proposal's id (p-...)")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded in the audit log)")
    String reason;

    @Option(names = "--edit", description = "open the proposed file in $EDITOR first and apply your version (the agent is told it was edited)")
    boolean edit;

    @Option(names = "--rebase", description = "apply over the live file even though it changed since the agent read it")
    boolean rebase;

    @Option(names = OVERRIDE_GUARDRAILS, paramLabel = "REASON", description = {"approve although the change",
            "breaks the operator's guardrail policy (policy.yaml); the reason and the rules are audited"})
    String overrideGuardrails;

    @Option(names = "--for", paramLabel = "DURATION", description = {"a time-boxed grant: the routes the proposal adds or changes",
            "get `expires` (now + DURATION: 90s, 30m, 2h, 1d; at most 7d); egress-proxy refuses them from then on by itself,",
            "and the sweep puts the file back as it was without the grant (audited grant-expired)"})
    String forDuration;

    @Override
    public Integer call() throws InterruptedException {
        Optional<ProposalRecord> found = desk().find(proposalId(id));
        if (found.isEmpty()) {
            err().println("bottle: no proposal " + id + "; list them with `bottle proposals`");
            return ExitCode.OPERATIONAL;
        }
        ProposalRecord record = found.get();
        try {
            return record.awaitsApply() ? finishApplying(record) : decide(record);
        } catch (GatewayException e) {
            err().println("bottle: " + e.getMessage());
            if (desk().find(record.id()).filter(ProposalRecord::awaitsApply).isPresent()) {
                err().println(record.id() + " is approved but not applied; once " + record.proposal().bottle()
                        + " answers again, `bottle approve " + record.id() + "` applies it.");
            }
            return ExitCode.OPERATIONAL;
        }
    }

    private int decide(ProposalRecord record) throws InterruptedException {
        Optional<String> why = Optional.ofNullable(reason);
        Approval approval = new Approval(why, rebase ? OnStaleBase.REBASE : OnStaleBase.SEND_BACK,
                Optional.ofNullable(overrideGuardrails));
        Consumer<ProposalRecord> approved = decided ->
                out().println("Approved " + decided.id() + "; applying to " + decided.proposal().bottle() + " ...");
        if (forDuration != null) {
            if (edit || rebase) {
                err().println("bottle: --for cannot be combined with --edit or --rebase: a grant is exactly the agent's change"
                        + " over the file it saw");
                return ExitCode.USAGE;
            }
            Duration duration;
            try {
                duration = Durations.parseGrant(forDuration);
            } catch (IllegalArgumentException e) {
                err().println("bottle: " + e.getMessage());
                return ExitCode.USAGE;
            }
            return report(desk().approveFor(record.id(), duration, approval, approved));
        }
        if (edit && record.awaitsDecision()) {
            Proposal proposal = record.proposal();
            Tool tool = desk().tool(proposal.tool());
            ConfigFile live = desk().current(proposal.bottle(), tool.component());
            Optional<ConfigFile> edited = new EditorSession(out(), new Prompter(out()), tool.validator())
                    .edit(tool.fileName(), proposal.content());
            if (edited.isEmpty()) {
                return ExitCode.NEGATIVE;
            }
            return report(desk().approveEdited(proposal.id(), edited.get(), live.sha256(), approval, approved));
        }
        return report(desk().approve(record.id(), approval, approved));
    }

    /** The proposal was approved earlier, but applying it never finished: apply the recorded decision now. */
    private int finishApplying(ProposalRecord record) throws InterruptedException {
        String decision = ProposalsShowCommand.describe(record.decision().orElseThrow());
        if (edit || rebase || reason != null) {
            err().println("bottle: " + record.id() + " is already " + decision + "; it only needs applying."
                    + " Run `bottle approve " + record.id() + "` without --edit, --rebase or --reason to apply it as approved.");
            return ExitCode.USAGE;
        }
        out().println(record.id() + " was " + decision + " but never applied (the process applying it stopped, or the"
                + " bottle could not be reached); applying it to " + record.proposal().bottle() + " now ...");
        return report(desk().finishApplying(record.id()));
    }

    private int report(ApprovalResult result) {
        return switch (result) {
            case ApprovalResult.Applied applied -> {
                applied.warnings().forEach(warning -> err().println("warning: " + warning));
                out().println(ProposalsShowCommand.describe(applied.outcome()));
                GrantText.until(applied.record()).ifPresent(until -> out().println("Granted until " + until
                        + ": egress-proxy refuses the granted routes from then on, and the sweep (the dashboard, `bottle"
                        + " proposals`) puts the file back as it was without them."));
                yield ExitCode.OK;
            }
            case ApprovalResult.NotApplied notApplied -> {
                notApplied.warnings().forEach(warning -> err().println("warning: " + warning));
                out().println(ProposalsShowCommand.describe(notApplied.outcome()));
                if (notApplied.outcome() instanceof Outcome.Conflict) {
                    out().println("The agent was told `conflict`: it re-reads the live routes and can propose again.");
                }
                yield ExitCode.NEGATIVE;
            }
            case ApprovalResult.StaleBase stale -> // approve never asks (it sends back or rebases)
                    throw new IllegalStateException("approve was asked about the stale base of " + stale.proposal().id());
            case ApprovalResult.EditInvalid invalid -> {
                invalid.problems().forEach(problem -> err().println(problem.format(invalid.fileName())));
                yield ExitCode.NEGATIVE;
            }
            case ApprovalResult.Refused refused -> {
                err().println("bottle: " + refused.message());
                yield ExitCode.NEGATIVE;
            }
        };
    }
}
