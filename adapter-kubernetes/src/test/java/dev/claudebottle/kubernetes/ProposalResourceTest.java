package dev.claudebottle.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.testing.Proposals;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProposalResourceTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Instant LATER = Proposals.CREATED.plusSeconds(60);
    private final Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));

    @Test
    void everyDecisionAndOutcomeRoundTrips() {
        List<Decision> decisions = List.of(
                new Decision.Approve(Operator.of("alice"), Optional.of("ok"), Optional.of(Sha256.of(new byte[] {3})), LATER),
                new Decision.ApproveWithEdits(Operator.of("alice"), Optional.empty(), ConfigFile.of("routes: []\n"),
                        Proposals.BASE.sha256(), LATER),
                new Decision.Reject(Operator.of("bob"), "no", LATER),
                new Decision.Expire(LATER));
        List<Outcome> outcomes = List.of(new Outcome.Applied(Sha256.of(new byte[] {1}), LATER),
                new Outcome.Rejected("no", LATER), new Outcome.Failed("broke", LATER),
                new Outcome.Conflict(Sha256.of(new byte[] {1}), Sha256.of(new byte[] {2}), LATER),
                new Outcome.Expired(LATER));
        for (Decision decision : decisions) {
            for (Outcome outcome : outcomes) {
                GenericKubernetesResource resource = ProposalResource.withStatus(ProposalResource.withStatus(
                        ProposalResource.of(proposal, "ns", Map.of()), "decision", ProposalResource.decision(decision)),
                        "outcome", ProposalResource.outcome(outcome));
                resource.getMetadata().setNamespace("ns");
                assertThat(ProposalResource.read(resource, DEMO))
                        .isEqualTo(new ProposalRecord(proposal, Optional.of(decision), Optional.of(outcome)));
            }
        }
    }

    @Test
    void contentThatDoesNotMatchItsShaIsRefused() {
        GenericKubernetesResource resource = ProposalResource.of(proposal, "ns", Map.of());
        spec(resource).put("contentBase64", Base64.getEncoder().encodeToString("routes: [evil]\n".getBytes()));

        assertThatThrownBy(() -> ProposalResource.read(resource, DEMO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proposal ns/" + proposal.id()).hasMessageContaining("does not match its recorded SHA-256");
    }

    @Test
    void aProposalOfAnotherBottleIsRefused() {
        GenericKubernetesResource resource = ProposalResource.of(proposal, "ns", Map.of());

        assertThatThrownBy(() -> ProposalResource.read(resource, BottleId.of("other")))
                .hasMessageContaining("names bottle demo, not other");
    }

    @Test
    void malformedFieldsSayWhich() {
        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("created", "yesterday");
        cases.put("baseSha256", "abc");
        cases.put("tool", 42);
        cases.put("contentBase64", "***");
        for (var each : cases.entrySet()) {
            GenericKubernetesResource resource = ProposalResource.of(proposal, "ns", Map.of());
            spec(resource).put(each.getKey(), each.getValue());
            assertThatThrownBy(() -> ProposalResource.read(resource, DEMO)).as(each.getKey())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(each.getKey());
        }
        GenericKubernetesResource unknownVerdict = ProposalResource.withStatus(ProposalResource.of(proposal, "ns", Map.of()),
                "decision", Map.of("verdict", "approve-everything", "operator", "x", "decidedAt", LATER.toString()));
        assertThatThrownBy(() -> ProposalResource.read(unknownVerdict, DEMO)).hasMessageContaining("approve-everything");
        GenericKubernetesResource noSpec = new GenericKubernetesResource();
        noSpec.setMetadata(ProposalResource.of(proposal, "ns", Map.of()).getMetadata());
        assertThatThrownBy(() -> ProposalResource.read(noSpec, DEMO)).hasMessageContaining("spec is missing");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
