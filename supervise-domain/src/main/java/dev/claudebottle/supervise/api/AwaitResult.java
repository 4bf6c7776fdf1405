package dev.claudebottle.supervise.api;

import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;

/** What waiting on one of the agent's own proposals came to. */
public sealed interface AwaitResult {
    /** It has an outcome (applied, rejected, failed, conflict, expired). */
    record Finished(ProposalRecord record) implements AwaitResult {}

    /** The bound passed first; {@code record} shows how far it got (decided or not). */
    record StillWaiting(ProposalRecord record) implements AwaitResult {}

    /** No such proposal in this bottle (another bottle's proposal reads as unknown too). */
    record Unknown(ProposalId id) implements AwaitResult {}
}
