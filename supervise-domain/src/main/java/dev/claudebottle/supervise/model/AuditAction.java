package dev.claudebottle.supervise.model;

import java.util.Locale;

/** The kinds of state change the audit log records; one entry per change. */
public enum AuditAction {
    /** An agent's proposal was queued. */
    SUBMITTED,
    /** The operator approved a proposal (with or without edits; an edit carries the diff). */
    APPROVED,
    /** The operator rejected a proposal. */
    REJECTED,
    /** The operator changed a file directly ({@code routes edit}, {@code routes apply}). */
    EDITED,
    /** An approved proposal is live. */
    APPLIED,
    /** A change could not be applied; the previous file was restored. */
    APPLY_FAILED,
    /** An approved proposal was not applied because the file changed since its base. */
    CONFLICT,
    /** A proposal expired undecided and was denied. */
    EXPIRED,
    /** The operator restored an earlier version. */
    ROLLED_BACK,
    /** An auto-approval rule of the operator's policy approved a proposal (the reason names the rule). */
    AUTO_APPROVED,
    /** A time-boxed grant ended and the supervisor's sweep took it out of the file. */
    GRANT_EXPIRED;

    /** The lowercase, hyphenated word used in the log: {@code apply-failed}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AuditAction fromWord(String word) {
        for (AuditAction action : values()) {
            if (action.word().equals(word)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown audit action: " + BottleId.quoted(word));
    }
}
