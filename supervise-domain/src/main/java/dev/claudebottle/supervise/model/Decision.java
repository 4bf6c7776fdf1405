package dev.claudebottle.supervise.model;

import dev.claudebottle.routes.Sha256;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What was decided about a proposal. The first decision recorded is the only one that counts. */
public sealed interface Decision {

    Operator operator();

    Instant decidedAt();

    /** Whether the decision lets the change be applied. */
    default boolean approves() {
        return this instanceof Approve || this instanceof ApproveWithEdits;
    }

    /**
     * Apply the proposed file as it is.
     *
     * @param rebasedOnto set when the operator knowingly approves over a newer file than the
     *     proposal's base (its SHA-256); apply then checks against this instead of the base
     */
    record Approve(Operator operator, Optional<String> reason, Optional<Sha256> rebasedOnto, Instant decidedAt)
            implements Decision {
        public Approve {
            Objects.requireNonNull(operator, "operator");
            reason = optionalReason(reason);
            Objects.requireNonNull(rebasedOnto, "rebasedOnto");
            Objects.requireNonNull(decidedAt, "decidedAt");
        }
    }

    /**
     * Apply the operator's edited version instead of the proposed one.
     *
     * @param editedAgainst the SHA-256 of the file the operator's edit was made against (the
     *     current file when they edited); apply checks against it, so an edit is also a rebase
     */
    record ApproveWithEdits(Operator operator, Optional<String> reason, ConfigFile edited, Sha256 editedAgainst,
            Instant decidedAt) implements Decision {
        public ApproveWithEdits {
            Objects.requireNonNull(operator, "operator");
            reason = optionalReason(reason);
            Objects.requireNonNull(edited, "edited");
            Objects.requireNonNull(editedAgainst, "editedAgainst");
            Objects.requireNonNull(decidedAt, "decidedAt");
        }
    }

    /** Do not apply; the reason goes back to the agent. */
    record Reject(Operator operator, String reason, Instant decidedAt) implements Decision {
        public Reject {
            Objects.requireNonNull(operator, "operator");
            reason = optionalReason(Optional.ofNullable(reason))
                    .orElseThrow(() -> new IllegalArgumentException("a rejection needs a reason for the agent"));
            Objects.requireNonNull(decidedAt, "decidedAt");
        }
    }

    /** Nobody decided in time; expiry denies. */
    record Expire(Instant decidedAt) implements Decision {
        public Expire {
            Objects.requireNonNull(decidedAt, "decidedAt");
        }

        @Override
        public Operator operator() {
            return Operator.SYSTEM;
        }
    }

    private static Optional<String> optionalReason(Optional<String> reason) {
        Optional<String> stripped = Objects.requireNonNull(reason, "reason").map(String::strip).filter(r -> !r.isEmpty());
        if (stripped.filter(r -> r.length() > Proposal.MAX_JUSTIFICATION_CHARS).isPresent()) {
            throw new IllegalArgumentException("a reason is at most " + Proposal.MAX_JUSTIFICATION_CHARS + " characters");
        }
        return stripped;
    }
}
