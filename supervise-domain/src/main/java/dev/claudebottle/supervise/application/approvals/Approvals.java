package dev.claudebottle.supervise.application.approvals;

import dev.claudebottle.supervise.application.changes.ApplyProposal;
import dev.claudebottle.supervise.application.changes.ApplyResult;
import dev.claudebottle.supervise.application.changes.ChangePipeline;
import dev.claudebottle.supervise.application.grants.RoutesGrant;
import dev.claudebottle.supervise.application.guardrails.GuardrailGate;
import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.proposals.DecideResult;
import dev.claudebottle.routes.RoutesWriter;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.api.Approval;
import dev.claudebottle.supervise.api.ApprovalResult;
import dev.claudebottle.supervise.api.OnStaleBase;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.model.BriefDuration;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator's approve-then-apply flow, each call in one hold of the bottle's lock: re-read the record, read the live
 * file, judge the guardrails, decide staleness against THAT live file (ask, rebase onto it, or send back), record the
 * decision, apply it through the {@link ChangePipeline} and record the outcome. So two approvals of one bottle's
 * proposals started together serialize, and a rebase is always onto the file live when it is applied. Blocking;
 * thread-safe as its parts are.
 */
public final class Approvals {
    private final ProposalQueue queue;
    private final ToolRegistry tools;
    private final ComponentConfigs configs;
    private final BottleLocks locks;
    private final Clock clock;
    private final DecideProposal decide;
    private final ApplyProposal apply;
    private final GuardrailGate guardrails;

    public Approvals(ProposalQueue queue, ToolRegistry tools, ComponentConfigs configs, BottleLocks locks, Clock clock,
            DecideProposal decide, ApplyProposal apply, GuardrailGate guardrails) {
        this.queue = queue;
        this.tools = tools;
        this.configs = configs;
        this.locks = locks;
        this.clock = clock;
        this.decide = decide;
        this.apply = apply;
        this.guardrails = guardrails;
    }

    /** One step run under the bottle's lock with the proposal's record as re-read under it. */
    private interface Locked {
        ApprovalResult run(ProposalRecord record) throws InterruptedException;
    }

    @SuppressWarnings("try") // the lock is held for the block, never read
    private ApprovalResult underLock(ProposalId id, Locked step) throws InterruptedException {
        Optional<ProposalRecord> found = queue.find(id);
        if (found.isEmpty()) {
            return new ApprovalResult.Refused("no proposal " + id.value());
        }
        try (BottleLocks.Held held = locks.lock(found.get().proposal().bottle())) {
            Optional<ProposalRecord> record = queue.find(id);
            return record.isEmpty() ? new ApprovalResult.Refused("no proposal " + id.value()) : step.run(record.get());
        }
    }

    public ApprovalResult approve(ProposalId id, Approval approval, Operator operator, Consumer<ProposalRecord> approved)
            throws InterruptedException {
        return underLock(id, record -> {
            if (record.awaitsApply()) {
                return applyHeld(record.id());
            }
            if (!record.awaitsDecision()) {
                return new ApprovalResult.Refused(id.value() + " is already " + record.status().word());
            }
            Proposal proposal = record.proposal();
            Tool tool = tools.require(proposal.tool());
            ConfigFile liveFile = configs.current(proposal.bottle(), tool.component());
            Sha256 live = liveFile.sha256();
            Optional<String> reason;
            switch (guardrails.judge(liveFile, proposal.content(), approval.guardrailOverride(), approval.reason())) {
                case GuardrailGate.Verdict.Refused refused -> {
                    return new ApprovalResult.Refused(refused.message());
                }
                case GuardrailGate.Verdict.Pass pass -> reason = pass.reason();
            }
            // SEND_BACK approves against the agent's own base: applying finds it stale (conflict).
            if (live.equals(proposal.base()) || approval.onStaleBase() == OnStaleBase.SEND_BACK) {
                return decideAndApply(DecideProposalCommand.approve(id, operator, reason), approved);
            }
            return approval.onStaleBase() == OnStaleBase.REBASE
                    ? decideAndApply(DecideProposalCommand.approveRebased(id, operator, reason, live), approved)
                    : new ApprovalResult.StaleBase(proposal, tool.fileName(), live);
        });
    }

    public ApprovalResult finishApplying(ProposalId id) throws InterruptedException {
        return underLock(id, record -> applyHeld(record.id()));
    }

    public ApprovalResult approveFor(ProposalId id, Duration duration, Approval approval, Operator operator,
            Consumer<ProposalRecord> approved) throws InterruptedException {
        return underLock(id, record -> {
            if (!record.awaitsDecision()) {
                return new ApprovalResult.Refused(id.value() + " is already " + record.status().word()
                        + "; --for only applies to a decision");
            }
            Proposal proposal = record.proposal();
            Tool tool = tools.require(proposal.tool());
            ConfigFile live = configs.current(proposal.bottle(), tool.component());
            if (!live.sha256().equals(proposal.base())) {
                return new ApprovalResult.Refused("the live " + tool.fileName() + " changed since the agent proposed "
                        + id.value() + "; a time-boxed grant is only made over the file the agent saw. Approve it without"
                        + " --for, or reject it so the agent re-reads the routes and proposes again");
            }
            Instant now = clock.now();
            Instant wholeSecond = now.getNano() == 0 ? now : now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            Instant until = wholeSecond.plus(duration);
            ConfigFile marked;
            try {
                marked = RoutesGrant.mark(live, proposal.content(), until);
            } catch (IllegalArgumentException e) {
                return new ApprovalResult.Refused(e.getMessage());
            }
            Optional<String> reason;
            switch (guardrails.judge(live, marked, approval.guardrailOverride(), approval.reason())) {
                case GuardrailGate.Verdict.Refused refused -> {
                    return new ApprovalResult.Refused(refused.message());
                }
                case GuardrailGate.Verdict.Pass pass -> reason = pass.reason();
            }
            String grant = "time-boxed grant for " + BriefDuration.of(duration) + ", until " + RoutesWriter.expiry(until);
            return decideAndApply(DecideProposalCommand.approveWithEdits(id, operator,
                    Optional.of(reason.map(r -> grant + "; " + r).orElse(grant)), marked, live.sha256()), approved);
        });
    }

    public ApprovalResult approveEdited(ProposalId id, ConfigFile edited, Sha256 editedAgainst, Approval approval,
            Operator operator, Consumer<ProposalRecord> approved) throws InterruptedException {
        return underLock(id, record -> {
            Tool tool = tools.require(record.proposal().tool());
            Optional<String> reason;
            switch (guardrails.judge(configs.current(record.proposal().bottle(), tool.component()), edited,
                    approval.guardrailOverride(), approval.reason())) {
                case GuardrailGate.Verdict.Refused refused -> {
                    return new ApprovalResult.Refused(refused.message());
                }
                case GuardrailGate.Verdict.Pass pass -> reason = pass.reason();
            }
            return decideAndApply(DecideProposalCommand.approveWithEdits(id, operator, reason, edited, editedAgainst),
                    approved);
        });
    }

    /** Records the decision and applies it; the caller holds the bottle's lock. */
    private ApprovalResult decideAndApply(DecideProposalCommand command, Consumer<ProposalRecord> approved)
            throws InterruptedException {
        String id = command.id().value();
        return switch (decide.decide(command)) {
            case DecideResult.Decided decided -> {
                approved.accept(decided.record());
                yield applyHeld(decided.record().id());
            }
            case DecideResult.EditInvalid invalid -> new ApprovalResult.EditInvalid(invalid.fileName(), invalid.problems());
            case DecideResult.AlreadyDecided already -> new ApprovalResult.Refused(id + " was decided meanwhile: "
                    + already.record().status().word());
            case DecideResult.ProposalExpired expired -> new ApprovalResult.Refused(id
                    + " expired before it was decided; the agent was told it was denied");
            case DecideResult.NoSuchProposal none -> new ApprovalResult.Refused("no proposal " + id);
        };
    }

    private ApprovalResult applyHeld(ProposalId id) throws InterruptedException {
        return switch (apply.applyHeld(id)) {
            case ApplyResult.Finished finished -> {
                Outcome outcome = finished.record().outcome().orElseThrow();
                yield outcome instanceof Outcome.Applied applied
                        ? new ApprovalResult.Applied(finished.record(), applied, finished.warnings())
                        : new ApprovalResult.NotApplied(finished.record(), outcome, finished.warnings());
            }
            case ApplyResult.AlreadyFinished already ->
                    new ApprovalResult.Refused("already finished: " + already.record().status().word());
            case ApplyResult.NotApproved notApproved ->
                    new ApprovalResult.Refused("not approved: " + notApproved.record().status().word());
            case ApplyResult.NoSuchProposal none -> new ApprovalResult.Refused("no proposal " + none.id().value());
        };
    }
}
