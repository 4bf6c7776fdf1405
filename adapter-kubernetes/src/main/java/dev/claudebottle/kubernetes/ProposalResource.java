package dev.claudebottle.kubernetes;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code Proposal} object (crds.yaml): the proposal in {@code spec}, written once by the submitter; the decision
 * and the outcome in {@code status}, written through the status subresource only. Reading checks everything the
 * domain checks, that the content matches its SHA-256 and that the object belongs where it was found; a mismatch is
 * an {@link IllegalArgumentException} saying what.
 */
final class ProposalResource {
    private ProposalResource() {}

    static GenericKubernetesResource of(Proposal proposal, String namespace, Map<String, String> labels) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(Kinds.apiVersion());
        resource.setKind(Kinds.PROPOSAL.getKind());
        resource.setMetadata(new ObjectMetaBuilder().withName(proposal.id().value()).withNamespace(namespace)
                .withLabels(labels).build());
        resource.setAdditionalProperty("spec", new Fields.Writer()
                .put("bottle", proposal.bottle().value())
                .put("tool", proposal.tool().value())
                .put("justification", proposal.justification())
                .put("baseSha256", proposal.base().hex())
                .put("blockedUrl", proposal.blockedUrl())
                .put("created", proposal.created().toString())
                .put("expires", proposal.expires().toString())
                .put("contentSha256", proposal.content().sha256().hex())
                .bytes("contentBase64", proposal.content().bytes())
                .map());
        return resource;
    }

    static ProposalRecord read(GenericKubernetesResource resource, BottleId expectedBottle) {
        String name = resource.getMetadata().getName();
        ProposalId id = ProposalId.parse(name);
        String where = "proposal " + resource.getMetadata().getNamespace() + "/" + name;
        Fields spec = Fields.of(where + " spec", resource.getAdditionalProperties().get("spec"));
        BottleId bottle = BottleId.of(spec.text("bottle"));
        if (!bottle.equals(expectedBottle)) {
            throw new IllegalArgumentException(where + " names bottle " + bottle + ", not " + expectedBottle);
        }
        Proposal proposal = new Proposal(id, bottle, ToolId.of(spec.text("tool")),
                ConfigFile.of(spec.checkedBytes("contentBase64", "contentSha256")), spec.text("justification"),
                spec.sha256("baseSha256"), spec.optionalText("blockedUrl"), spec.instant("created"),
                spec.instant("expires"));
        Optional<Fields> status = Fields.optional(where + " status", resource.getAdditionalProperties().get("status"));
        Optional<Decision> decision = status.flatMap(s -> Fields.optional(where + " status.decision", s.raw("decision")))
                .map(ProposalResource::decision);
        Optional<Outcome> outcome = status.flatMap(s -> Fields.optional(where + " status.outcome", s.raw("outcome")))
                .map(ProposalResource::outcome);
        return new ProposalRecord(proposal, decision, outcome);
    }

    /** {@code resource} with {@code decision} added to its status (a copy; the caller's object is untouched). */
    static GenericKubernetesResource withStatus(GenericKubernetesResource resource, String field, Map<String, Object> value) {
        GenericKubernetesResource copy = new GenericKubernetesResource();
        copy.setApiVersion(resource.getApiVersion());
        copy.setKind(resource.getKind());
        copy.setMetadata(resource.getMetadata());
        resource.getAdditionalProperties().forEach(copy::setAdditionalProperty);
        Map<String, Object> status = new LinkedHashMap<>();
        if (resource.getAdditionalProperties().get("status") instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> status.put(String.valueOf(k), v));
        }
        status.put(field, value);
        copy.setAdditionalProperty("status", status);
        return copy;
    }

    static Map<String, Object> decision(Decision decision) {
        Fields.Writer writer = new Fields.Writer()
                .put("operator", decision.operator().name())
                .put("decidedAt", decision.decidedAt().toString());
        switch (decision) {
            case Decision.Approve approve -> writer.put("verdict", "approve").put("reason", approve.reason())
                    .put("rebasedOnto", approve.rebasedOnto().map(Sha256::hex));
            case Decision.ApproveWithEdits edits -> writer.put("verdict", "approve-with-edits").put("reason", edits.reason())
                    .put("editedAgainst", edits.editedAgainst().hex())
                    .put("editedSha256", edits.edited().sha256().hex())
                    .bytes("editedBase64", edits.edited().bytes());
            case Decision.Reject reject -> writer.put("verdict", "reject").put("reason", reject.reason());
            case Decision.Expire expire -> writer.put("verdict", "expire");
        }
        return writer.map();
    }

    static Decision decision(Fields fields) {
        Operator operator = Operator.of(fields.text("operator"));
        var at = fields.instant("decidedAt");
        String verdict = fields.text("verdict");
        return switch (verdict) {
            case "approve" -> new Decision.Approve(operator, fields.optionalText("reason"),
                    fields.optionalSha256("rebasedOnto"), at);
            case "approve-with-edits" -> new Decision.ApproveWithEdits(operator, fields.optionalText("reason"),
                    ConfigFile.of(fields.checkedBytes("editedBase64", "editedSha256")), fields.sha256("editedAgainst"), at);
            case "reject" -> new Decision.Reject(operator, fields.text("reason"), at);
            case "expire" -> new Decision.Expire(at);
            default -> throw new IllegalArgumentException("unknown verdict \"" + verdict + "\"");
        };
    }

    static Map<String, Object> outcome(Outcome outcome) {
        Fields.Writer writer = new Fields.Writer().put("status", outcome.status()).put("at", outcome.at().toString());
        switch (outcome) {
            case Outcome.Applied applied -> writer.put("newSha256", applied.newSha256().hex());
            case Outcome.Rejected rejected -> writer.put("reason", rejected.reason());
            case Outcome.Failed failed -> writer.put("cause", failed.cause());
            case Outcome.Conflict conflict -> writer.put("expectedBase", conflict.expectedBase().hex())
                    .put("actualCurrent", conflict.actualCurrent().hex());
            case Outcome.Expired expired -> { }
        }
        return writer.map();
    }

    static Outcome outcome(Fields fields) {
        var at = fields.instant("at");
        String status = fields.text("status");
        return switch (status) {
            case "applied" -> new Outcome.Applied(fields.sha256("newSha256"), at);
            case "rejected" -> new Outcome.Rejected(fields.text("reason"), at);
            case "failed" -> new Outcome.Failed(fields.text("cause"), at);
            case "conflict" -> new Outcome.Conflict(fields.sha256("expectedBase"), fields.sha256("actualCurrent"), at);
            case "expired" -> new Outcome.Expired(at);
            default -> throw new IllegalArgumentException("unknown outcome status \"" + status + "\"");
        };
    }
}
