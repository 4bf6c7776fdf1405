package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;

/**
 * What writing to a {@link ProposalQueue} did. Every write is first-wins: a proposal, a decision or
 * an outcome that is already there is never replaced.
 */
public sealed interface QueueWrite {

    /** This write took effect; {@code record} is the proposal's state after it. */
    record Written(ProposalRecord record) implements QueueWrite {}

    /** Something was there first (the same proposal, an earlier decision or outcome); nothing changed. */
    record AlreadyThere(ProposalRecord record) implements QueueWrite {}

    /** No proposal has that id. */
    record NoSuchProposal(ProposalId id) implements QueueWrite {}
}
