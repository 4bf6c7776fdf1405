package dev.claudebottle.supervise.model;

import java.util.Comparator;
import java.util.List;

/**
 * The proposals a queue holds, oldest first, and anything it could not read (reported, skipped,
 * never fatal to the rest).
 */
public record ProposalListing(List<ProposalRecord> proposals, List<StoreProblem> problems) {

    public ProposalListing {
        proposals = proposals.stream()
                .sorted(Comparator.comparing((ProposalRecord r) -> r.proposal().created()).thenComparing(r -> r.id().value()))
                .toList();
        problems = List.copyOf(problems);
    }

    /** The proposals still waiting for the operator. */
    public List<ProposalRecord> awaitingDecision() {
        return proposals.stream().filter(ProposalRecord::awaitsDecision).toList();
    }

    /**
     * What the operator still has to act on: decide, or finish applying (see
     * {@link ProposalRecord#awaitsApply()}); oldest first.
     */
    public List<ProposalRecord> open() {
        return proposals.stream().filter(r -> r.awaitsDecision() || r.awaitsApply()).toList();
    }
}
