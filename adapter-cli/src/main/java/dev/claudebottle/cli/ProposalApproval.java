package dev.claudebottle.cli;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.RoutesWriter;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.ApplyProposalCommand;
import dev.claudebottle.supervise.application.ApplyResult;
import dev.claudebottle.supervise.application.DecideProposalCommand;
import dev.claudebottle.supervise.application.DecideResult;
import dev.claudebottle.supervise.application.RoutesGrant;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator's approve-then-apply flow as one call: find the pending proposal, handle a stale
 * base as the {@link OnStaleBase} says, record the approval, apply it, and say what it came to.
 * Shared by the dashboard and {@code bottle approve}; blocking, so run it off any input thread.
 */
final class ProposalApproval {
    private final OperatorDesk desk;
    private final Operator operator;
    private final Optional<String> guardrailOverride;

    ProposalApproval(OperatorDesk desk, Operator operator) {
        this(desk, operator, Optional.empty());
    }

    /** @param guardrailOverride the operator's reason for approving a change the guardrail policy refuses */
    ProposalApproval(OperatorDesk desk, Operator operator, Optional<String> guardrailOverride) {
        this.desk = desk;
        this.operator = operator;
        this.guardrailOverride = guardrailOverride;
    }

    /** The guardrail policy's say on applying {@code next} over {@code live}; a pass carries the reason to audit. */
    private GuardrailGate.Verdict guardrails(ConfigFile live, ConfigFile next, Optional<String> reason) {
        return GuardrailGate.judge(desk, live, next, guardrailOverride, reason);
    }

    /** What to do when the live file is no longer the base the agent's proposal was made against. */
    enum OnStaleBase {
        /** Record nothing and return {@link Result.StaleBase}, so the operator can be asked. */
        ASK,
        /** Approve it knowingly over the live file (the agent's file replaces the newer one). */
        REBASE,
        /**
         * Approve it as the agent made it, against its own base: applying finds the base gone and
         * ends in {@code conflict}, nothing applied, and the agent is told to re-read and propose again.
         */
        SEND_BACK
    }

    /** What an approval came to. Only {@link Applied} changed the bottle. */
    sealed interface Result {
        /** The proposal is live in the bottle. */
        record Applied(ProposalRecord record, Outcome.Applied outcome, List<String> warnings) implements Result {}

        /** Approved, but applying it ended otherwise (failed, conflict); the outcome says how. */
        record NotApplied(ProposalRecord record, Outcome outcome, List<String> warnings) implements Result {}

        /** Nothing recorded ({@link OnStaleBase#ASK}): the live file is no longer the proposal's base. */
        record StaleBase(Proposal proposal, String fileName, Sha256 live) implements Result {}

        /** Nothing recorded: the operator's edited file does not validate. */
        record EditInvalid(String fileName, List<Problem> problems) implements Result {}

        /** Nothing done: the proposal does not exist, or is no longer waiting for a decision. */
        record Refused(String message) implements Result {}
    }

    /**
     * Approves the proposal as proposed and applies it. A proposal approved earlier but never
     * applied (the applying process stopped, or the bottle could not be reached) is applied as it
     * was approved: no second decision is recorded and the other arguments do not matter.
     *
     * @param onStaleBase what to do when the live file is no longer the proposal's base
     * @param approved told once the approval is recorded, before applying starts
     */
    Result approve(ProposalId id, Optional<String> reason, OnStaleBase onStaleBase, Consumer<ProposalRecord> approved)
            throws InterruptedException {
        Optional<ProposalRecord> pending = desk.queue.find(id);
        if (pending.isEmpty()) {
            return new Result.Refused("no proposal " + id.value());
        }
        if (pending.get().awaitsApply()) {
            return finishApplying(pending.get());
        }
        if (!pending.get().awaitsDecision()) {
            return new Result.Refused(id.value() + " is already " + pending.get().status().word());
        }
        Proposal proposal = pending.get().proposal();
        Tool tool = desk.tools.require(proposal.tool());
        ConfigFile liveFile = tool.applier().current(proposal.bottle());
        Sha256 live = liveFile.sha256();
        switch (guardrails(liveFile, proposal.content(), reason)) {
            case GuardrailGate.Verdict.Refused refused -> {
                return new Result.Refused(refused.message());
            }
            case GuardrailGate.Verdict.Pass pass -> reason = pass.reason();
        }
        // SEND_BACK approves against the agent's own base: ApplyProposal, under the lock, finds it stale (conflict).
        if (live.equals(proposal.base()) || onStaleBase == OnStaleBase.SEND_BACK) {
            return decideAndApply(DecideProposalCommand.approve(id, operator, reason), approved);
        }
        return onStaleBase == OnStaleBase.REBASE
                ? decideAndApply(DecideProposalCommand.approveRebased(id, operator, reason, live), approved)
                : new Result.StaleBase(proposal, tool.fileName(), live);
    }

    /**
     * Applies a proposal approved earlier whose apply never finished (the applying process stopped,
     * or the bottle could not be reached), as it was approved; no second decision is recorded.
     */
    Result finishApplying(ProposalRecord approved) throws InterruptedException {
        return apply(approved);
    }

    /**
     * Approves the proposal as a time-boxed grant and applies it: every route it adds or changes gets
     * {@code expires} ({@code now + duration}, rounded up to a whole second), so egress-proxy stops allowing it
     * then by itself. Only over the base the agent proposed against: a grant is the revert of exactly this change.
     */
    Result approveFor(ProposalId id, Optional<String> reason, Duration duration, Consumer<ProposalRecord> approved)
            throws InterruptedException {
        Optional<ProposalRecord> pending = desk.queue.find(id);
        if (pending.isEmpty()) {
            return new Result.Refused("no proposal " + id.value());
        }
        if (!pending.get().awaitsDecision()) {
            return new Result.Refused(id.value() + " is already " + pending.get().status().word()
                    + "; --for only applies to a decision");
        }
        Proposal proposal = pending.get().proposal();
        Tool tool = desk.tools.require(proposal.tool());
        ConfigFile live = tool.applier().current(proposal.bottle());
        if (!live.sha256().equals(proposal.base())) {
            return new Result.Refused("the live " + tool.fileName() + " changed since the agent proposed " + id.value()
                    + "; a time-boxed grant is only made over the file the agent saw. Approve it without --for, or reject"
                    + " it so the agent re-reads the routes and proposes again");
        }
        Instant now = desk.clock.now();
        Instant wholeSecond = now.getNano() == 0 ? now : now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        Instant until = wholeSecond.plus(duration);
        ConfigFile marked;
        try {
            marked = RoutesGrant.mark(live, proposal.content(), until);
        } catch (IllegalArgumentException e) {
            return new Result.Refused(e.getMessage());
        }
        switch (guardrails(live, marked, reason)) {
            case GuardrailGate.Verdict.Refused refused -> {
                return new Result.Refused(refused.message());
            }
            case GuardrailGate.Verdict.Pass pass -> reason = pass.reason();
        }
        String grant = "time-boxed grant for " + Durations.brief(duration) + ", until " + RoutesWriter.expiry(until);
        return decideAndApply(DecideProposalCommand.approveWithEdits(id, operator,
                Optional.of(reason.map(r -> grant + "; " + r).orElse(grant)), marked, live.sha256()), approved);
    }

    /** Approves {@code edited} instead of the proposed file, edited against the live file {@code editedAgainst}, and applies it. */
    Result approveEdited(ProposalId id, Optional<String> reason, ConfigFile edited, Sha256 editedAgainst,
            Consumer<ProposalRecord> approved) throws InterruptedException {
        Optional<ProposalRecord> pending = desk.queue.find(id);
        if (pending.isPresent()) {
            Tool tool = desk.tools.require(pending.get().proposal().tool());
            switch (guardrails(tool.applier().current(pending.get().proposal().bottle()), edited, reason)) {
                case GuardrailGate.Verdict.Refused refused -> {
                    return new Result.Refused(refused.message());
                }
                case GuardrailGate.Verdict.Pass pass -> reason = pass.reason();
            }
        }
        return decideAndApply(DecideProposalCommand.approveWithEdits(id, operator, reason, edited, editedAgainst), approved);
    }

    private Result decideAndApply(DecideProposalCommand command, Consumer<ProposalRecord> approved) throws InterruptedException {
        String id = command.id().value();
        return switch (desk.decide.decide(command)) {
            case DecideResult.Decided decided -> {
                approved.accept(decided.record());
                yield apply(decided.record());
            }
            case DecideResult.EditInvalid invalid -> new Result.EditInvalid(invalid.fileName(), invalid.problems());
            case DecideResult.AlreadyDecided already -> new Result.Refused(id + " was decided meanwhile: "
                    + already.record().status().word());
            case DecideResult.ProposalExpired expired -> new Result.Refused(id
                    + " expired before it was decided; the agent was told it was denied");
            case DecideResult.NoSuchProposal none -> new Result.Refused("no proposal " + id);
        };
    }

    private Result apply(ProposalRecord decided) throws InterruptedException {
        return switch (desk.apply.apply(new ApplyProposalCommand(decided.id()))) {
            case ApplyResult.Finished finished -> {
                Outcome outcome = finished.record().outcome().orElseThrow();
                yield outcome instanceof Outcome.Applied applied
                        ? new Result.Applied(finished.record(), applied, finished.warnings())
                        : new Result.NotApplied(finished.record(), outcome, finished.warnings());
            }
            case ApplyResult.AlreadyFinished already -> new Result.Refused("already finished: " + already.record().status().word());
            case ApplyResult.NotApproved notApproved -> new Result.Refused("not approved: " + notApproved.record().status().word());
            case ApplyResult.NoSuchProposal none -> new Result.Refused("no proposal " + none.id().value());
        };
    }
}
