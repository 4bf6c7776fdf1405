package dev.claudebottle.supervise.api;

import dev.claudebottle.supervise.application.grants.RoutesGrant;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.time.Instant;
import java.util.Optional;

/** Reading time-boxed grants off a proposal's record, for the operator's and the agent's answers. */
public final class Grants {
    private Grants() {}

    /** When the grant {@code record} was approved as ends; empty unless it was approved as a time-boxed grant. */
    public static Optional<Instant> until(ProposalRecord record) {
        return record.decision()
                .filter(Decision.ApproveWithEdits.class::isInstance).map(Decision.ApproveWithEdits.class::cast)
                .flatMap(d -> RoutesGrant.grantedUntil(record.proposal().content(), d.edited()));
    }
}
