package dev.claudebottle.supervise.model;

import java.util.Locale;

/** Where a proposal stands, as listings show it. */
public enum ProposalStatus {
    /** Waiting for the operator. */
    PENDING,
    /** Approved, not yet applied. */
    APPROVED,
    APPLIED,
    REJECTED,
    FAILED,
    CONFLICT,
    EXPIRED;

    static ProposalStatus of(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Applied a -> APPLIED;
            case Outcome.Rejected r -> REJECTED;
            case Outcome.Failed f -> FAILED;
            case Outcome.Conflict c -> CONFLICT;
            case Outcome.Expired e -> EXPIRED;
        };
    }

    /** The lowercase word used in JSON and on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != PENDING && this != APPROVED;
    }
}
