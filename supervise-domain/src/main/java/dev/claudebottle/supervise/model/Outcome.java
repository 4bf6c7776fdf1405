package dev.claudebottle.supervise.model;

import dev.claudebottle.routes.Sha256;
import java.time.Instant;
import java.util.Objects;

/**
 * How a proposal ended. A proposal without an outcome is pending (undecided, or approved and not
 * yet applied). The first outcome recorded is final.
 */
public sealed interface Outcome {

    Instant at();

    /** The status word agents and scripts see: applied, rejected, failed, conflict, expired. */
    String status();

    /** The file (the proposed one, or the operator's edit) is live: the component confirmed {@code newSha256}. */
    record Applied(Sha256 newSha256, Instant at) implements Outcome {
        public Applied {
            Objects.requireNonNull(newSha256, "newSha256");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String status() {
            return "applied";
        }
    }

    /** The operator said no, for {@code reason}. */
    record Rejected(String reason, Instant at) implements Outcome {
        public Rejected {
            requireText(reason, "reason");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String status() {
            return "rejected";
        }
    }

    /** Approved, but applying did not work; the previous file is back in place. */
    record Failed(String cause, Instant at) implements Outcome {
        public Failed {
            requireText(cause, "cause");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String status() {
            return "failed";
        }
    }

    /** The file changed since the proposal's base was read, so it was not applied blindly. */
    record Conflict(Sha256 expectedBase, Sha256 actualCurrent, Instant at) implements Outcome {
        public Conflict {
            Objects.requireNonNull(expectedBase, "expectedBase");
            Objects.requireNonNull(actualCurrent, "actualCurrent");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String status() {
            return "conflict";
        }
    }

    /** Nobody decided before the proposal expired; expiry denies. */
    record Expired(Instant at) implements Outcome {
        public Expired {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String status() {
            return "expired";
        }
    }

    private static void requireText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an outcome's " + what + " must not be blank");
        }
    }
}
