package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.supervise.tool.Validation;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Queues an agent's proposal: validate first (bad files go straight back), then queue durably.
 * Idempotent: the same bottle, tool, base and content is the same proposal, and submitting it again
 * returns it as it stands. Only a proposal that expired or failed to apply can be proposed again; it
 * then gets a new id. A new proposal is queued only within the policy's bounds (pending count, size,
 * submission rate: {@link SubmissionLimits}); beyond them it is refused and nothing is written.
 */
public final class SubmitProposal {
    /** How many times one file may be proposed again after expiring or failing. */
    static final int MAX_ATTEMPTS = 100;

    private final ToolRegistry tools;
    private final ProposalQueue queue;
    private final AuditLog audit;
    private final Clock clock;
    private final ProposalPolicy policy;
    private final SubmissionLimits limits;

    @Inject
    public SubmitProposal(ToolRegistry tools, ProposalQueue queue, AuditLog audit, Clock clock, ProposalPolicy policy) {
        this.tools = tools;
        this.queue = queue;
        this.audit = audit;
        this.clock = clock;
        this.policy = policy;
        this.limits = new SubmissionLimits(queue, policy);
    }

    public SubmitResult submit(SubmitProposalCommand command) {
        Tool tool = tools.require(command.tool());
        if (tool.validator().validate(command.content()) instanceof Validation.Invalid invalid) {
            return new SubmitResult.Invalid(tool.fileName(), invalid.problems());
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ProposalId id = ProposalId.derive(command.bottle(), command.tool(), command.base(),
                    command.content().sha256(), attempt);
            var existing = queue.find(id);
            if (existing.isPresent()) {
                if (mayProposeAgain(existing.get())) {
                    continue;
                }
                return new SubmitResult.Queued(existing.get(), false);
            }
            java.util.Optional<String> refusal = limits.refusal(command, clock.now());
            if (refusal.isPresent()) {
                return new SubmitResult.Refused(refusal.get());
            }
            switch (queue.submit(proposal(id, command))) {
                case QueueWrite.Written written -> {
                    recordSubmission(tool, written.record().proposal());
                    return new SubmitResult.Queued(written.record(), true);
                }
                case QueueWrite.AlreadyThere there -> {
                    if (!mayProposeAgain(there.record())) {
                        return new SubmitResult.Queued(there.record(), false);
                    }
                }
                case QueueWrite.NoSuchProposal none -> throw new IllegalStateException("submit never answers " + none);
            }
        }
        throw new IllegalStateException("this file was proposed " + MAX_ATTEMPTS + " times for bottle "
                + command.bottle() + "; change it or its base to propose it again");
    }

    private static boolean mayProposeAgain(ProposalRecord record) {
        return record.status() == ProposalStatus.EXPIRED || record.status() == ProposalStatus.FAILED;
    }

    private Proposal proposal(ProposalId id, SubmitProposalCommand command) {
        Instant now = clock.now();
        return new Proposal(id, command.bottle(), command.tool(), command.content(), command.justification(),
                command.base(), command.blockedUrl(), now, now.plus(policy.ttl()));
    }

    private void recordSubmission(Tool tool, Proposal proposal) {
        audit.append(AuditEntry.of(proposal.created(), AuditAction.SUBMITTED, proposal.bottle(), tool.component())
                .tool(tool.id())
                .proposal(proposal.id())
                .justification(proposal.justification())
                .baseSha256(proposal.base())
                .newSha256(proposal.content().sha256())
                .build());
    }
}
