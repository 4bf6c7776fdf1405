package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.tool.Tool;

/** The audit entry that records a decision about a proposal: approved, rejected or expired. */
final class DecisionAudit {
    private DecisionAudit() {}

    static AuditEntry entry(Tool tool, Proposal proposal, Decision decision) {
        AuditAction action = switch (decision) {
            case Decision.Approve approve -> approve.operator().equals(Operator.AUTO) ? AuditAction.AUTO_APPROVED : AuditAction.APPROVED;
            case Decision.ApproveWithEdits edits -> AuditAction.APPROVED;
            case Decision.Reject reject -> AuditAction.REJECTED;
            case Decision.Expire expire -> AuditAction.EXPIRED;
        };
        AuditEntry.Builder entry = AuditEntry.of(decision.decidedAt(), action, proposal.bottle(), tool.component())
                .tool(tool.id())
                .proposal(proposal.id())
                .justification(proposal.justification())
                .baseSha256(proposal.base())
                .newSha256(proposal.content().sha256());
        switch (decision) {
            case Decision.Approve approve -> entry.operator(approve.operator()).reason(approve.reason())
                    .baseSha256(approve.rebasedOnto().orElse(proposal.base()));
            case Decision.ApproveWithEdits edits -> entry.operator(edits.operator()).reason(edits.reason())
                    .diff(tool.diff().unifiedDiff(proposal.content(), edits.edited()))
                    .baseSha256(edits.editedAgainst())
                    .newSha256(edits.edited().sha256());
            case Decision.Reject reject -> entry.operator(reject.operator()).reason(reject.reason());
            case Decision.Expire expire -> entry.reason("nobody decided before " + proposal.expires());
        }
        return entry.build();
    }
}
