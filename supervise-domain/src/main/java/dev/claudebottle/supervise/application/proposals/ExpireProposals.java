package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.ToolRegistry;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Denies undecided proposals whose time is up. Safe to run from several processes at once (the
 * dashboard, a supervise server): expiry is a first-wins decision, so each proposal expires once.
 * Run by every listing and dashboard poll, it is also where a denial interrupted before its outcome
 * is finished.
 */
public final class ExpireProposals {
    private final ProposalQueue queue;
    private final Clock clock;
    private final ProposalExpiry expiry;

    @Inject
    public ExpireProposals(ToolRegistry tools, ProposalQueue queue, AuditLog audit, Clock clock) {
        this.queue = queue;
        this.clock = clock;
        this.expiry = new ProposalExpiry(tools, queue, audit);
    }

    /**
     * Also finishes, as a side effect, rejections and expiries a stopped process left without their
     * outcome (recording the outcome, so the waiting agent gets its answer, and the audit entry).
     *
     * @return the proposals this call expired
     */
    public List<ProposalRecord> expire(ExpireProposalsCommand command) {
        Instant now = clock.now();
        ProposalListing listing = queue.list();
        listing.proposals().stream()
                .filter(ProposalRecord::deniedWithoutOutcome)
                .filter(r -> command.bottle().isEmpty() || r.proposal().bottle().equals(command.bottle().get()))
                .forEach(expiry::finishDenial);
        return listing.awaitingDecision().stream()
                .filter(r -> command.bottle().isEmpty() || r.proposal().bottle().equals(command.bottle().get()))
                .filter(r -> r.proposal().isExpiredAt(now))
                .map(r -> expiry.expire(r, now))
                .flatMap(Optional::stream)
                .toList();
    }
}
