package dev.claudebottle.mcp;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a tool call comes to, before it is rendered for the agent. */
sealed interface ToolAnswer {

    /** Nothing was queued: the arguments or the file are wrong, and every problem is listed. */
    record Invalid(List<String> argumentProblems, String fileName, List<Problem> fileProblems) implements ToolAnswer {
        public Invalid {
            argumentProblems = List.copyOf(argumentProblems);
            fileProblems = List.copyOf(fileProblems);
            if (argumentProblems.isEmpty() && fileProblems.isEmpty()) {
                throw new IllegalArgumentException("an invalid call has at least one problem");
            }
        }
    }

    /** Nothing was queued: the bottle is over a bound on proposals; {@code reason} says which and what to do. */
    record Refused(String reason) implements ToolAnswer {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * No proposal of this bottle has that id (another bottle's proposals are not told apart from
     * none); {@code proposalId} is null when the call named none.
     */
    record Unknown(String proposalId) implements ToolAnswer {}

    /** Queued, not finished within the wait; {@code approved} when the operator approved and apply is under way. */
    record Pending(ProposalId id, boolean approved) implements ToolAnswer {
        public Pending {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The proposal ended. {@code finalFile} is the operator's edited version when they approved with
     * edits; {@code operatorReason} what they said with an approval; {@code grantedUntil} when the
     * operator's time-boxed grant of it ends ({@code bottle approve --for}); {@code liveRoutes} the exact file the
     * component confirmed when the outcome is {@code applied} (its SHA-256 is the outcome's), else empty.
     */
    record Finished(ProposalId id, Outcome outcome, Optional<ConfigFile> finalFile, Optional<String> operatorReason,
            Optional<java.time.Instant> grantedUntil, Optional<ConfigFile> liveRoutes) implements ToolAnswer {
        public Finished {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(finalFile, "finalFile");
            Objects.requireNonNull(operatorReason, "operatorReason");
            Objects.requireNonNull(grantedUntil, "grantedUntil");
            Objects.requireNonNull(liveRoutes, "liveRoutes");
            if (liveRoutes.isPresent() && !(outcome instanceof Outcome.Applied applied
                    && applied.newSha256().equals(liveRoutes.get().sha256()))) {
                throw new IllegalArgumentException("the live routes are those of an applied outcome, with its SHA-256");
            }
        }

        /** A proposal that ended without the live file at hand. */
        Finished(ProposalId id, Outcome outcome, Optional<ConfigFile> finalFile, Optional<String> operatorReason,
                Optional<java.time.Instant> grantedUntil) {
            this(id, outcome, finalFile, operatorReason, grantedUntil, Optional.empty());
        }

        /** A proposal that ended without a time-boxed grant. */
        Finished(ProposalId id, Outcome outcome, Optional<ConfigFile> finalFile, Optional<String> operatorReason) {
            this(id, outcome, finalFile, operatorReason, Optional.empty(), Optional.empty());
        }
    }
}
