package dev.claudebottle.supervise.api;

import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;

/** What rejecting a proposal came to. */
public sealed interface RejectResult {
    /** Recorded and final; the agent is told. */
    record Rejected(ProposalRecord record) implements RejectResult {}

    /** Someone decided first; theirs stands. */
    record AlreadyDecided(ProposalRecord record) implements RejectResult {}

    /** The proposal expired before this decision; expiry denied it. */
    record ProposalExpired(ProposalRecord record) implements RejectResult {}

    /** No proposal has that id; nothing was recorded. */
    record NoSuchProposal(ProposalId id) implements RejectResult {}
}
