package dev.claudebottle.mcp;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.supervise.model.Proposal;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * The agent-facing tools as MCP describes them: names, descriptions that tell the agent when and
 * how to call, and the input and output JSON Schemas. Nothing here decides or applies.
 */
final class ToolCatalog {
    static final String BLOCK_TOOL = "egress-proxy-block";
    static final String STATUS_TOOL = "proposal-status";
    static final String PROPOSAL_ID = "proposal_id";
    static final String ROUTES_PATH = EgressProxyPaths.AGENT_CURRENT_ROUTES;

    /** One complete route entry, in the JSON form agents usually send: the shape to start from. */
    static final String EXAMPLE_ROUTE = "{\"host\": \"api.example.com\", \"port\": 443, "
            + "\"path_allowlist\": [\"/v1/items/**\"], \"methods\": [\"GET\", \"POST\"]}";
    static final String EXAMPLE_FILE = "{\"version\": 1, \"routes\": [" + EXAMPLE_ROUTE + "]}";

    static final List<String> STATUSES =
            List.of("applied", "rejected", "pending", "failed", "conflict", "expired", "invalid", "refused", "unknown");

    private ToolCatalog() {}

    static McpSchema.Tool blockTool() {
        return McpSchema.Tool.builder()
                .name(BLOCK_TOOL)
                .title("Ask the operator to allow blocked network access")
                .description("""
                        Call this when an HTTP request you made was refused by the egress proxy: the response \
                        is HTTP 403 with an X-Egress-Proxy-Block header. Your network access is governed by \
                        routes.yaml; the file in force is readable at %s. Read it, write a modified copy that \
                        makes the smallest change that unblocks the refused request (add one host, or one \
                        path pattern, or one method; never widen more than the task needs), and send the \
                        WHOLE new file (YAML or JSON) as `routes`, with an honest `justification` that says \
                        what the task is and why it needs this access. Include `blocked_url` (the refused URL) \
                        and `base_sha256` (SHA-256 of the file you started from) when you can.
                        Each entry of `routes` is one route; a complete one (JSON) is %s \
                        (host required; port defaults to 443; path_allowlist absent = every path, each pattern \
                        starts with "/", "*" is one segment, "**" the rest; methods absent = every method). \
                        If the file is {"version": 1, "routes": []}, the whole new file would be %s
                        A human operator reviews every proposal. An invalid file is returned at once with \
                        every problem (line:column and path): fix them and call again. Otherwise the call \
                        waits up to about a minute for the decision. Every result has `status` and \
                        `next_step` (what to do now): `applied`: the change is live, retry the request. \
                        `rejected`: the reason says why; do not resubmit the same change. `pending`: no \
                        decision yet; call proposal-status with the proposal_id to keep waiting; do not submit \
                        again. `conflict`: the routes changed since you read them; re-read the file and propose \
                        again. `failed`: approved but could not be applied; the previous routes are still in \
                        force; tell the user. `expired`: nobody decided in time; propose again only if the \
                        task still needs it. `invalid`: fix every listed problem and call again. `refused`: nothing was \
                        queued (too many proposals waiting, too many sent too fast, or too big); the reason says \
                        which and when to try again. Submitting \
                        the same file again returns the same proposal.""".formatted(ROUTES_PATH, EXAMPLE_ROUTE,
                        EXAMPLE_FILE))
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                BlockArguments.ROUTES, Map.of("type", "string", "minLength", 1,
                                        "description", "The complete new routes.yaml (YAML or JSON), not a diff: a "
                                                + "modified copy of " + ROUTES_PATH + ". Each entry of its `routes` "
                                                + "list is one route, for example " + EXAMPLE_ROUTE
                                                + "; a whole file: " + EXAMPLE_FILE),
                                BlockArguments.JUSTIFICATION, Map.of("type", "string", "minLength", 1,
                                        "maxLength", Proposal.MAX_JUSTIFICATION_CHARS,
                                        "description", "Why the task needs this access, honestly and specifically"),
                                BlockArguments.BLOCKED_URL, Map.of("type", "string",
                                        "maxLength", Proposal.MAX_URL_CHARS,
                                        "description", "The URL of the refused request"),
                                BlockArguments.BASE_SHA256, Map.of("type", "string", "pattern", "^[0-9a-fA-F]{64}$",
                                        "description", "SHA-256 (hex) of the routes.yaml you modified")),
                        "required", List.of(BlockArguments.ROUTES, BlockArguments.JUSTIFICATION),
                        "additionalProperties", false))
                .outputSchema(outputSchema())
                .annotations(new McpSchema.ToolAnnotations(null, false, false, true, false, null))
                .build();
    }

    static McpSchema.Tool statusTool() {
        return McpSchema.Tool.builder()
                .name(STATUS_TOOL)
                .title("Wait for the operator's decision on a proposal")
                .description("""
                        Wait again for the decision on a proposal you submitted with egress-proxy-block that \
                        came back `pending`. Pass its proposal_id (required). Waits up to about a minute and \
                        returns the same result shape, with `status` and `next_step`: `applied` (retry your \
                        request), `rejected` (with the operator's reason; do not resubmit it), `pending` (call \
                        again), `failed` (approved but not applied; previous routes still in force), \
                        `conflict` or `expired` (re-read %s and propose again if the task still needs it), \
                        `unknown` (no such proposal for this bottle).""".formatted(ROUTES_PATH))
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(PROPOSAL_ID, Map.of("type", "string", "pattern", "^p-[a-z2-7]{12}$",
                                "description", "The proposal_id returned by egress-proxy-block")),
                        "required", List.of(PROPOSAL_ID),
                        "additionalProperties", false))
                .outputSchema(outputSchema())
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
                .build();
    }

    private static Map<String, Object> outputSchema() {
        return Map.of(
                "type", "object",
                "properties", Map.of(
                        "status", Map.of("type", "string", "enum", STATUSES),
                        "next_step", Map.of("type", "string", "description", "What to do now"),
                        PROPOSAL_ID, Map.of("type", "string"),
                        "reason", Map.of("type", "string"),
                        "new_sha256", Map.of("type", "string"),
                        "final_routes", Map.of("type", "string",
                                "description", "The file now in force, when the operator edited the proposal"),
                        ToolResults.LIVE_ROUTES, Map.of("type", "string", "description", "At applied: the exact"
                                + " routes.yaml egress-proxy confirmed it runs (the agent's mounted copy may lag behind)"),
                        ToolResults.LIVE_SHA256, Map.of("type", "string", "description",
                                "At applied: the SHA-256 of live_routes"),
                        "granted_until", Map.of("type", "string", "description",
                                "When the operator's time-boxed grant ends (UTC, like 2026-12-02T06:30:00Z); absent when permanent"),
                        "problems", Map.of("type", "array", "items", Map.of("type", "string"))),
                "required", List.of("status", "next_step"));
    }
}
