package dev.claudebottle.supervise.model;

import java.util.Objects;
import java.util.Optional;

/** A queued proposal with what has happened to it so far: its decision and its outcome, if any. */
public record ProposalRecord(Proposal proposal, Optional<Decision> decision, Optional<Outcome> outcome) {

    public ProposalRecord {
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(outcome, "outcome");
    }

    public static ProposalRecord queued(Proposal proposal) {
        return new ProposalRecord(proposal, Optional.empty(), Optional.empty());
    }

    public ProposalId id() {
        return proposal.id();
    }

    public ProposalStatus status() {
        if (outcome.isPresent()) {
            return ProposalStatus.of(outcome.get());
        }
        return switch (decision.orElse(null)) {
            case null -> ProposalStatus.PENDING;
            case Decision.Reject reject -> ProposalStatus.REJECTED;
            case Decision.Expire expire -> ProposalStatus.EXPIRED;
            default -> ProposalStatus.APPROVED;
        };
    }

    /** Still waiting for the operator: no decision and no outcome. */
    public boolean awaitsDecision() {
        return decision.isEmpty() && outcome.isEmpty();
    }

    /**
     * Approved but without an outcome: applying it is under way, or the process applying it stopped
     * before it finished (killed, interrupted). {@code ApplyProposal} finishes it; the agent waits until then.
     */
    public boolean awaitsApply() {
        return outcome.isEmpty() && decision.filter(Decision::approves).isPresent();
    }

    /**
     * Rejected or expired, but without the outcome that follows the decision: the process recording
     * it stopped in between. {@code ExpireProposals} finishes it.
     */
    public boolean deniedWithoutOutcome() {
        return outcome.isEmpty() && decision.filter(d -> !d.approves()).isPresent();
    }

    public ProposalRecord withDecision(Decision newDecision) {
        return new ProposalRecord(proposal, Optional.of(newDecision), outcome);
    }

    public ProposalRecord withOutcome(Outcome newOutcome) {
        return new ProposalRecord(proposal, decision, Optional.of(newOutcome));
    }
}
