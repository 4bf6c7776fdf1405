package dev.claudebottle.supervise.application;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.ToolRegistry;
import java.time.Instant;
import java.util.Optional;

/**
 * Denies one expired proposal. Expiry is recorded as a decision, so it races fairly with an
 * operator's decision (first wins, across processes), then as the outcome.
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
        audit.append(AuditEntry.of(now, AuditAction.EXPIRED, proposal.bottle(), tools.require(proposal.tool()).component())
                .tool(proposal.tool())
                .proposal(proposal.id())
                .justification(proposal.justification())
                .reason("nobody decided before " + proposal.expires())
                .baseSha256(proposal.base())
                .newSha256(proposal.content().sha256())
                .build());
        return finished instanceof QueueWrite.Written written ? Optional.of(written.record()) : queue.find(proposal.id());
    }
}
