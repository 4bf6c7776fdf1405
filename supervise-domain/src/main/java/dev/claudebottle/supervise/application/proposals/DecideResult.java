package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.application.changes.ApplyProposal;
import dev.claudebottle.routes.Problem;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.util.List;

/** What deciding a proposal came to. Everything but {@link Decided} is a clear refusal that changed nothing. */
public sealed interface DecideResult {

    /** Recorded. A rejection is final at once; an approval waits for {@link ApplyProposal}. */
    record Decided(ProposalRecord record) implements DecideResult {}

    record NoSuchProposal(ProposalId id) implements DecideResult {}

    /** Someone decided first (perhaps another operator a moment ago); theirs stands. */
    record AlreadyDecided(ProposalRecord record) implements DecideResult {}

    /** The proposal expired before this decision; expiry denied it. */
    record ProposalExpired(ProposalRecord record) implements DecideResult {}

    /** The operator's edited file does not validate; nothing was recorded. */
    record EditInvalid(String fileName, List<Problem> problems) implements DecideResult {
        public EditInvalid {
            problems = List.copyOf(problems);
        }
    }
}
