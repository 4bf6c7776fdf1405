package dev.claudebottle.store;

import dev.claudebottle.statejson.JsonFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ToolId;

/**
 * The three files of a queued proposal (see docs/state-dir.md): the proposal, its decision and its
 * outcome. Reading checks everything the domain checks, plus that file bytes match their recorded
 * SHA-256 and that the file belongs where it was found; any mismatch is an
 * {@link IllegalArgumentException} saying what.
 */
final class ProposalJson {
    static final String PROPOSAL_FORMAT = "claude-bottle/proposal/v1";
    static final String DECISION_FORMAT = "claude-bottle/decision/v1";
    static final String OUTCOME_FORMAT = "claude-bottle/outcome/v1";

    private ProposalJson() {}

    static byte[] proposal(Proposal proposal) {
        ObjectNode node = JsonFields.object(PROPOSAL_FORMAT)
                .put("id", proposal.id().value())
                .put("bottle", proposal.bottle().value())
                .put("tool", proposal.tool().value())
                .put("justification", proposal.justification())
                .put("base_sha256", proposal.base().hex())
                .put("blocked_url", proposal.blockedUrl().orElse(null))
                .put("created", proposal.created().toString())
                .put("expires", proposal.expires().toString())
                .put("content_sha256", proposal.content().sha256().hex())
                .put("content_base64", JsonFields.base64(proposal.content().bytes()));
        return JsonFields.bytes(node);
    }

    static Proposal proposal(byte[] json, ProposalId expectedId, BottleId expectedBottle) {
        JsonFields fields = JsonFields.parse(json, PROPOSAL_FORMAT);
        ProposalId id = ProposalId.parse(fields.text("id"));
        BottleId bottle = BottleId.of(fields.text("bottle"));
        if (!id.equals(expectedId) || !bottle.equals(expectedBottle)) {
            throw new IllegalArgumentException("holds proposal " + id + " of bottle " + bottle
                    + ", not " + expectedId + " of " + expectedBottle);
        }
        return new Proposal(id, bottle, ToolId.of(fields.text("tool")),
                content(fields, "content_base64", "content_sha256"), fields.text("justification"),
                fields.sha256("base_sha256"), fields.optionalText("blocked_url"), fields.instant("created"),
                fields.instant("expires"));
    }

    static byte[] decision(ProposalId id, Decision decision) {
        ObjectNode node = JsonFields.object(DECISION_FORMAT)
                .put("proposal", id.value())
                .put("operator", decision.operator().name())
                .put("decided_at", decision.decidedAt().toString());
        switch (decision) {
            case Decision.Approve approve -> node.put("verdict", "approve")
                    .put("reason", approve.reason().orElse(null))
                    .put("rebased_onto", approve.rebasedOnto().map(Sha256::hex).orElse(null));
            case Decision.ApproveWithEdits edits -> node.put("verdict", "approve-with-edits")
                    .put("reason", edits.reason().orElse(null))
                    .put("edited_against", edits.editedAgainst().hex())
                    .put("edited_sha256", edits.edited().sha256().hex())
                    .put("edited_base64", JsonFields.base64(edits.edited().bytes()));
            case Decision.Reject reject -> node.put("verdict", "reject").put("reason", reject.reason());
            case Decision.Expire expire -> node.put("verdict", "expire");
        }
        return JsonFields.bytes(node);
    }

    static Decision decision(byte[] json, ProposalId expectedId) {
        JsonFields fields = JsonFields.parse(json, DECISION_FORMAT);
        requireProposal(fields, expectedId);
        Operator operator = Operator.of(fields.text("operator"));
        var at = fields.instant("decided_at");
        String verdict = fields.text("verdict");
        return switch (verdict) {
            case "approve" -> new Decision.Approve(operator, fields.optionalText("reason"),
                    fields.optionalSha256("rebased_onto"), at);
            case "approve-with-edits" -> new Decision.ApproveWithEdits(operator, fields.optionalText("reason"),
                    content(fields, "edited_base64", "edited_sha256"), fields.sha256("edited_against"), at);
            case "reject" -> new Decision.Reject(operator, fields.text("reason"), at);
            case "expire" -> new Decision.Expire(at);
            default -> throw new IllegalArgumentException("unknown verdict \"" + verdict + "\"");
        };
    }

    static byte[] outcome(ProposalId id, Outcome outcome) {
        ObjectNode node = JsonFields.object(OUTCOME_FORMAT)
                .put("proposal", id.value())
                .put("status", outcome.status())
                .put("at", outcome.at().toString());
        switch (outcome) {
            case Outcome.Applied applied -> node.put("new_sha256", applied.newSha256().hex());
            case Outcome.Rejected rejected -> node.put("reason", rejected.reason());
            case Outcome.Failed failed -> node.put("cause", failed.cause());
            case Outcome.Conflict conflict -> node.put("expected_base", conflict.expectedBase().hex())
                    .put("actual_current", conflict.actualCurrent().hex());
            case Outcome.Expired expired -> { }
        }
        return JsonFields.bytes(node);
    }

    static Outcome outcome(byte[] json, ProposalId expectedId) {
        JsonFields fields = JsonFields.parse(json, OUTCOME_FORMAT);
        requireProposal(fields, expectedId);
        var at = fields.instant("at");
        String status = fields.text("status");
        return switch (status) {
            case "applied" -> new Outcome.Applied(fields.sha256("new_sha256"), at);
            case "rejected" -> new Outcome.Rejected(fields.text("reason"), at);
            case "failed" -> new Outcome.Failed(fields.text("cause"), at);
            case "conflict" -> new Outcome.Conflict(fields.sha256("expected_base"), fields.sha256("actual_current"), at);
            case "expired" -> new Outcome.Expired(at);
            default -> throw new IllegalArgumentException("unknown status \"" + status + "\"");
        };
    }

    private static void requireProposal(JsonFields fields, ProposalId expectedId) {
        ProposalId id = ProposalId.parse(fields.text("proposal"));
        if (!id.equals(expectedId)) {
            throw new IllegalArgumentException("belongs to proposal " + id + ", not " + expectedId);
        }
    }

    private static ConfigFile content(JsonFields fields, String bytesField, String shaField) {
        ConfigFile content = ConfigFile.of(fields.base64(bytesField));
        Sha256 recorded = fields.sha256(shaField);
        if (!content.sha256().equals(recorded)) {
            throw new IllegalArgumentException("\"" + bytesField + "\" does not match its recorded SHA-256");
        }
        return content;
    }
}
