package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.util.List;

/** What applying a proposal came to. */
public sealed interface ApplyResult {

    /**
     * An outcome was recorded now: applied, failed or conflict (see {@code record.outcome()}).
     *
     * @param warnings follow-ups that did not work although the change is live
     */
    record Finished(ProposalRecord record, List<String> warnings) implements ApplyResult {
        public Finished {
            warnings = List.copyOf(warnings);
        }
    }

    /** The proposal already has an outcome; nothing was done. */
    record AlreadyFinished(ProposalRecord record) implements ApplyResult {}

    /** The proposal is undecided or was not approved; nothing was done. */
    record NotApproved(ProposalRecord record) implements ApplyResult {}

    record NoSuchProposal(ProposalId id) implements ApplyResult {}
}
