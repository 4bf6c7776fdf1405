package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator's decision about a proposal. Build it with {@link #approve}, {@link #approveRebased},
 * {@link #approveWithEdits} or {@link #reject}; each checks what its kind needs.
 */
public record DecideProposalCommand(ProposalId id, Operator operator, Verdict verdict, Optional<String> reason,
        Optional<ConfigFile> edited, Optional<Sha256> basis) {

    /** The kinds of decision an operator makes. */
    public enum Verdict { APPROVE, APPROVE_WITH_EDITS, REJECT }

    public DecideProposalCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(verdict, "verdict");
        reason = Objects.requireNonNull(reason, "reason").map(String::strip).filter(r -> !r.isEmpty());
        Objects.requireNonNull(edited, "edited");
        Objects.requireNonNull(basis, "basis");
        if (verdict == Verdict.REJECT && reason.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs a reason: the agent is told it");
        }
        if (verdict == Verdict.APPROVE_WITH_EDITS && (edited.isEmpty() || basis.isEmpty())) {
            throw new IllegalArgumentException("approving with edits needs the edited file and the SHA-256 it was edited against");
        }
        if (verdict != Verdict.APPROVE_WITH_EDITS && edited.isPresent()) {
            throw new IllegalArgumentException("only an approval with edits carries an edited file");
        }
        if (verdict == Verdict.REJECT && basis.isPresent()) {
            throw new IllegalArgumentException("a rejection is not made against a file");
        }
    }

    /** Approve the proposed file as it is, over the base the agent saw. */
    public static DecideProposalCommand approve(ProposalId id, Operator operator, Optional<String> reason) {
        return new DecideProposalCommand(id, operator, Verdict.APPROVE, reason, Optional.empty(), Optional.empty());
    }

    /** Approve the proposed file as it is, knowingly over the newer live file {@code onto}. */
    public static DecideProposalCommand approveRebased(ProposalId id, Operator operator, Optional<String> reason,
            Sha256 onto) {
        return new DecideProposalCommand(id, operator, Verdict.APPROVE, reason, Optional.empty(), Optional.of(onto));
    }

    /** Approve {@code edited} instead, edited against the live file {@code editedAgainst}. */
    public static DecideProposalCommand approveWithEdits(ProposalId id, Operator operator, Optional<String> reason,
            ConfigFile edited, Sha256 editedAgainst) {
        return new DecideProposalCommand(id, operator, Verdict.APPROVE_WITH_EDITS, reason, Optional.of(edited),
                Optional.of(editedAgainst));
    }

    public static DecideProposalCommand reject(ProposalId id, Operator operator, String reason) {
        return new DecideProposalCommand(id, operator, Verdict.REJECT, Optional.ofNullable(reason), Optional.empty(),
                Optional.empty());
    }

    Decision toDecision(Instant now) {
        return switch (verdict) {
            case APPROVE -> new Decision.Approve(operator, reason, basis, now);
            case APPROVE_WITH_EDITS -> new Decision.ApproveWithEdits(operator, reason, edited.orElseThrow(),
                    basis.orElseThrow(), now);
            case REJECT -> new Decision.Reject(operator, reason.orElseThrow(), now);
        };
    }
}
