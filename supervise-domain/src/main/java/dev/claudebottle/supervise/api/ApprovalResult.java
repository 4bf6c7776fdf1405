package dev.claudebottle.supervise.api;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.util.List;

/** What an approval came to. Only {@link Applied} changed the bottle; every other answer is a value, never thrown. */
public sealed interface ApprovalResult {
    /** The proposal is live in the bottle; {@code warnings} are follow-ups that did not work though the change is live. */
    record Applied(ProposalRecord record, Outcome.Applied outcome, List<String> warnings) implements ApprovalResult {
        public Applied {
            warnings = List.copyOf(warnings);
        }
    }

    /** Approved, but applying it ended otherwise (failed, conflict); the outcome says how. */
    record NotApplied(ProposalRecord record, Outcome outcome, List<String> warnings) implements ApprovalResult {
        public NotApplied {
            warnings = List.copyOf(warnings);
        }
    }

    /** Nothing recorded ({@link OnStaleBase#ASK}): {@code live} (read under the lock) is no longer the proposal's base. */
    record StaleBase(Proposal proposal, String fileName, Sha256 live) implements ApprovalResult {}

    /** Nothing recorded: the operator's edited file does not validate. */
    record EditInvalid(String fileName, List<Problem> problems) implements ApprovalResult {
        public EditInvalid {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Nothing done: the proposal does not exist, is no longer waiting for a decision, was decided meanwhile, expired,
     * or the guardrail policy refuses it; {@code message} says which, for the operator.
     */
    record Refused(String message) implements ApprovalResult {}
}
