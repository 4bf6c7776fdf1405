package dev.claudebottle.supervise.api;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.util.List;

/** What submitting a proposal came to. */
public sealed interface SubmitResult {

    /**
     * The proposal is queued. {@code isNew} is false when the same proposal (same bottle, tool, base
     * and content) was already there; {@code record} then shows how far it got.
     */
    record Queued(ProposalRecord record, boolean isNew) implements SubmitResult {}

    /**
     * Over one of the bottle's bounds (pending proposals, bytes per proposal, submission rate); nothing
     * was queued. {@code reason} says which bound and what the agent should do instead.
     */
    record Refused(String reason) implements SubmitResult {
        public Refused {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a refusal says why");
            }
        }
    }

    /** The file does not validate; nothing was queued. {@code fileName} is for formatting the problems. */
    record Invalid(String fileName, List<Problem> problems) implements SubmitResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
