package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.model.ProposalId;
import java.util.Objects;

/** Apply an approved proposal now. */
public record ApplyProposalCommand(ProposalId id) {
    public ApplyProposalCommand {
        Objects.requireNonNull(id, "id");
    }
}
