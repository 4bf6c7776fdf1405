package dev.claudebottle.cli;

import dev.claudebottle.supervise.model.Notification;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.util.List;
import java.util.Optional;

/** Tells the operator about proposals that just expired undecided (their agents were told they were denied). */
final class ExpiryNotices {
    private ExpiryNotices() {}

    static void expired(OperatorDesk desk, List<ProposalRecord> expired) {
        for (ProposalRecord record : expired) {
            desk.notifier.notify(new Notification(Notification.Kind.PROPOSAL_EXPIRED, record.proposal().bottle(),
                    Optional.of(record.id()), record.proposal().justification(), desk.clock.now()));
        }
    }
}
