package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.ToolRegistry;
import java.time.Instant;
import java.util.Optional;

/**
 * Denies one expired proposal. Expiry is recorded as a decision, so it races fairly with an
 * operator's decision (first wins, across processes), then as the outcome. Also finishes a denial
 * (rejection or expiry) whose outcome a stopped process never recorded.
 */
final class ProposalExpiry {
    private final ToolRegistry tools;
    private final ProposalQueue queue;
    private final AuditLog audit;

    ProposalExpiry(ToolRegistry tools, ProposalQueue queue, AuditLog audit) {
        this.tools = tools;
        this.queue = queue;
        this.audit = audit;
    }

    /** Expires {@code record} as of {@code now}; empty when something else was decided first. */
    Optional<ProposalRecord> expire(ProposalRecord record, Instant now) {
        Proposal proposal = record.proposal();
        if (!(queue.decide(proposal.id(), new Decision.Expire(now)) instanceof QueueWrite.Written)) {
            return Optional.empty();
        }
        QueueWrite finished = queue.recordOutcome(proposal.id(), new Outcome.Expired(now));
        audit.append(DecisionAudit.entry(tools.require(proposal.tool()), proposal, new Decision.Expire(now)));
        return finished instanceof QueueWrite.Written written ? Optional.of(written.record()) : queue.find(proposal.id());
    }

    /**
     * Records the outcome of a rejection or expiry whose process stopped between the decision and
     * its outcome (see {@link ProposalRecord#deniedWithoutOutcome()}), and its audit entry, which
     * comes after the outcome and so was not written either. Empty when another process finished it first.
     */
    Optional<ProposalRecord> finishDenial(ProposalRecord record) {
        Decision decision = record.decision().orElseThrow(() -> new IllegalArgumentException(record.id() + " is undecided"));
        Outcome outcome = switch (decision) {
            case Decision.Reject reject -> new Outcome.Rejected(reject.reason(), reject.decidedAt());
            case Decision.Expire expire -> new Outcome.Expired(expire.decidedAt());
            default -> throw new IllegalArgumentException(record.id() + " was approved, not denied");
        };
        if (!(queue.recordOutcome(record.id(), outcome) instanceof QueueWrite.Written written)) {
            return Optional.empty();
        }
        audit.append(DecisionAudit.entry(tools.require(record.proposal().tool()), record.proposal(), decision));
        return Optional.of(written.record());
    }
}
