package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalId;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolResultsTest {
    private static final ProposalId ID = ProposalId.parse("p-abcdefghijkl");
    private static final Instant AT = Instant.parse("2026-11-24T06:00:00Z");
    private static final Sha256 A = Sha256.of(new byte[] {1});
    private static final Sha256 B = Sha256.of(new byte[] {2});

    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) result.structuredContent();
        return map;
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    private static McpSchema.CallToolResult finished(Outcome outcome) {
        return ToolResults.render(new ToolAnswer.Finished(ID, outcome, Optional.empty(), Optional.empty()));
    }

    @Test
    void aConflictTellsTheAgentToReReadTheFileAndIsAnError() {
        McpSchema.CallToolResult result = finished(new Outcome.Conflict(A, B, AT));

        assertThat(result.isError()).isTrue();
        assertThat(structured(result)).containsEntry("status", "conflict").containsEntry("proposal_id", ID.value())
                .doesNotContainKey("new_sha256");
        assertThat(text(result)).contains("Re-read " + ToolCatalog.ROUTES_PATH, A.abbreviated(), B.abbreviated());
    }

    @Test
    void aFailedApplySaysThePreviousRoutesStillHold() {
        McpSchema.CallToolResult result = finished(new Outcome.Failed("proxy rejected the file", AT));

        assertThat(result.isError()).isTrue();
        assertThat(structured(result)).containsEntry("status", "failed").containsEntry("reason", "proxy rejected the file");
        assertThat(text(result)).contains("previous routes are still in force");
    }

    @Test
    void anExpiredProposalIsADenial() {
        McpSchema.CallToolResult result = finished(new Outcome.Expired(AT));

        assertThat(result.isError()).isTrue();
        assertThat(structured(result)).containsEntry("status", "expired");
    }

    @Test
    void anAppliedProposalIsASuccessWithTheNewIdentity() {
        McpSchema.CallToolResult result = ToolResults.render(new ToolAnswer.Finished(ID, new Outcome.Applied(A, AT),
                Optional.of(ConfigFile.of("routes: []\n")), Optional.of("narrowed to GET")));

        assertThat(result.isError()).isFalse();
        assertThat(structured(result)).containsEntry("status", "applied").containsEntry("new_sha256", A.hex())
                .containsEntry("final_routes", "routes: []\n").containsEntry("reason", "narrowed to GET");
        assertThat(text(result)).contains("Retry your request", "The operator said: narrowed to GET", "routes: []");
    }

    @Test
    void liveRoutesOnlyGoWithTheAppliedShaTheyHave() {
        ConfigFile live = ConfigFile.of("routes:\n  - host: a.example.com\n");
        McpSchema.CallToolResult result = ToolResults.render(new ToolAnswer.Finished(ID,
                new Outcome.Applied(live.sha256(), AT), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(live)));

        assertThat(structured(result)).containsEntry("live_routes", live.text())
                .containsEntry("live_sha256", live.sha256().hex());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ToolAnswer.Finished(ID, new Outcome.Applied(A, AT),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(live)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ToolAnswer.Finished(ID,
                new Outcome.Rejected("no", AT), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(live)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pendingNamesTheProposalToWaitOnAndIsNoError() {
        McpSchema.CallToolResult result = ToolResults.render(new ToolAnswer.Pending(ID, true));

        assertThat(result.isError()).isFalse();
        assertThat(structured(result)).containsEntry("status", "pending").containsEntry("reason", "approved and being applied");
        assertThat(text(result)).contains("proposal-status", ID.value());
    }

    @Test
    void anInvalidCallListsArgumentProblemsThenFileProblems() {
        McpSchema.CallToolResult result = ToolResults.render(new ToolAnswer.Invalid(List.of("justification is required"),
                "routes.yaml", List.of(new Problem(3, 5, "routes[1].port", "must be 1..65535"))));

        assertThat(result.isError()).isTrue();
        assertThat(structured(result)).containsEntry("status", "invalid")
                .containsEntry("problems", List.of("justification is required", "routes.yaml:3:5: routes[1].port: must be 1..65535"));
        assertThat(text(result)).startsWith("Nothing was submitted: 2 problems.");
    }

    @Test
    void everyStatusTellsTheModelItsNextStepInStructuredContent() {
        List<McpSchema.CallToolResult> results = List.of(
                finished(new Outcome.Applied(B, AT)),
                finished(new Outcome.Rejected("too wide", AT)),
                finished(new Outcome.Failed("proxy down", AT)),
                finished(new Outcome.Conflict(A, B, AT)),
                finished(new Outcome.Expired(AT)),
                ToolResults.render(new ToolAnswer.Pending(ID, false)),
                ToolResults.render(new ToolAnswer.Pending(ID, true)),
                ToolResults.render(new ToolAnswer.Unknown("p-zzzzzzzzzzzz")),
                ToolResults.render(new ToolAnswer.Unknown(null)),
                ToolResults.render(new ToolAnswer.Refused("20 proposals of this bottle wait for a decision")),
                ToolResults.render(new ToolAnswer.Invalid(List.of("routes is required"), "routes.yaml", List.of())));
        for (McpSchema.CallToolResult result : results) {
            assertThat(structured(result).get("next_step")).as(structured(result).toString())
                    .isInstanceOf(String.class).asString().isNotBlank();
        }
        assertThat(structured(results.get(0))).containsEntry("next_step", "retry your request now");
        assertThat((String) structured(results.get(5)).get("next_step")).contains("proposal-status")
                .contains(ID.value()).contains("do not submit again");
        assertThat(ToolCatalog.STATUSES).containsAll(results.stream().map(r -> (String) structured(r).get("status")).toList());
    }

    @Test
    void proposalStatusWithoutAnIdSaysTheIdIsRequired() {
        McpSchema.CallToolResult result = ToolResults.render(new ToolAnswer.Unknown(null));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("proposal_id is required").doesNotContain("null");
        assertThat(structured(result)).containsEntry("reason", "proposal_id is required");
    }

    @Test
    void progressSaysApplyingOnceTheOperatorApproved() {
        assertThat(AgentTools.progressMessage("approved", java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(50)))
                .contains("applying").doesNotContain("waiting for the operator");
        assertThat(AgentTools.progressMessage("pending", java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(50)))
                .contains("waiting for the operator");
    }

    @Test
    void theBlockToolShowsOneCompleteRouteAndNamesEveryStatus() {
        McpSchema.Tool tool = ToolCatalog.blockTool();
        String routes = ((Map<?, ?>) tool.inputSchema().get("properties")).get("routes").toString();
        for (String text : List.of(tool.description(), routes)) {
            assertThat(text).contains("\"host\": \"api.example.com\"").contains("\"port\": 443")
                    .contains("\"path_allowlist\": [").contains("\"methods\": [");
        }
        for (String status : ToolCatalog.STATUSES) {
            if (!status.equals("unknown")) {
                assertThat(tool.description()).as(status).contains("`" + status + "`");
            }
        }
        assertThat(ToolCatalog.statusTool().description()).contains("`failed`").contains("`expired`")
                .contains("required");
    }
}
