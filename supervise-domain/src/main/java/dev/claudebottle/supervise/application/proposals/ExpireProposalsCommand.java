package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.model.BottleId;
import java.util.Objects;
import java.util.Optional;

/** Deny every undecided proposal past its expiry: of one bottle, or of all when {@code bottle} is empty. */
public record ExpireProposalsCommand(Optional<BottleId> bottle) {
    public ExpireProposalsCommand {
        Objects.requireNonNull(bottle, "bottle");
    }

    public static ExpireProposalsCommand everyBottle() {
        return new ExpireProposalsCommand(Optional.empty());
    }
}
