package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.application.changes.ApplyProposal;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.supervise.tool.Validation;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Records an operator's decision. The first decision wins, across processes; deciding a proposal
 * that is decided or expired is refused with a value saying so. An operator's edit is validated
 * before it is recorded. Approving does not apply: {@link ApplyProposal} does.
 */
public final class DecideProposal {
    private final ToolRegistry tools;
    private final ProposalQueue queue;
    private final AuditLog audit;
    private final Clock clock;
    private final ProposalExpiry expiry;

    @Inject
    public DecideProposal(ToolRegistry tools, ProposalQueue queue, AuditLog audit, Clock clock) {
        this.tools = tools;
        this.queue = queue;
        this.audit = audit;
        this.clock = clock;
        this.expiry = new ProposalExpiry(tools, queue, audit);
    }

    public DecideResult decide(DecideProposalCommand command) {
        Optional<ProposalRecord> found = queue.find(command.id());
        if (found.isEmpty()) {
            return new DecideResult.NoSuchProposal(command.id());
        }
        ProposalRecord record = found.get();
        if (!record.awaitsDecision()) {
            return refusal(record);
        }
        Instant now = clock.now();
        if (record.proposal().isExpiredAt(now)) {
            return expiry.expire(record, now).<DecideResult>map(DecideResult.ProposalExpired::new)
                    .orElseGet(() -> refusal(queue.find(command.id()).orElseThrow()));
        }
        Tool tool = tools.require(record.proposal().tool());
        if (command.edited().isPresent()
                && tool.validator().validate(command.edited().get()) instanceof Validation.Invalid invalid) {
            return new DecideResult.EditInvalid(tool.fileName(), invalid.problems());
        }
        Decision decision = command.toDecision(now);
        return switch (queue.decide(command.id(), decision)) {
            case QueueWrite.Written written -> new DecideResult.Decided(recorded(tool, written.record(), decision));
            case QueueWrite.AlreadyThere there -> refusal(there.record());
            case QueueWrite.NoSuchProposal none -> new DecideResult.NoSuchProposal(none.id());
        };
    }

    private static DecideResult refusal(ProposalRecord record) {
        return record.decision().filter(Decision.Expire.class::isInstance).isPresent()
                ? new DecideResult.ProposalExpired(record)
                : new DecideResult.AlreadyDecided(record);
    }

    private ProposalRecord recorded(Tool tool, ProposalRecord record, Decision decision) {
        Proposal proposal = record.proposal();
        ProposalRecord result = record;
        if (decision instanceof Decision.Reject reject
                && queue.recordOutcome(proposal.id(), new Outcome.Rejected(reject.reason(), reject.decidedAt()))
                        instanceof QueueWrite.Written written) {
            result = written.record();
        }
        audit.append(DecisionAudit.entry(tool, proposal, decision));
        return result;
    }
}
