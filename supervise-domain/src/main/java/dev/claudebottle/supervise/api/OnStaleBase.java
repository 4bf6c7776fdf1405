package dev.claudebottle.supervise.api;

/**
 * What an approval does when the live file is no longer the base the agent's proposal was made against. Decided under
 * the bottle's lock, against the file live at that moment.
 */
public enum OnStaleBase {
    /** Record nothing and answer {@link ApprovalResult.StaleBase}, so the operator can be asked. */
    ASK,
    /** Approve it knowingly over the file live under the lock (the agent's file replaces the newer one). */
    REBASE,
    /**
     * Approve it as the agent made it, against its own base: applying finds the base gone and ends in {@code conflict},
     * nothing applied, and the agent is told to re-read and propose again.
     */
    SEND_BACK
}
