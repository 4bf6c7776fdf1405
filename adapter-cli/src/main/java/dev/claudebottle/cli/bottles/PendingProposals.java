package dev.claudebottle.cli.bottles;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.BottleId;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * How many proposals each bottle has waiting for the operator, from the supervisor's listing; unknown
 * (empty) when there is no listing.
 */
final class PendingProposals {
    private final Optional<Map<BottleId, Long>> counts;

    PendingProposals(Optional<ProposalListing> listing) {
        this.counts = listing.map(l -> l.awaitingDecision().stream()
                .collect(Collectors.groupingBy(r -> r.proposal().bottle(), Collectors.counting())));
    }

    OptionalLong count(BottleId bottle) {
        return counts.map(c -> OptionalLong.of(c.getOrDefault(bottle, 0L))).orElse(OptionalLong.empty());
    }

}
