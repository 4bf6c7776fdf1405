package dev.claudebottle.mcp;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.RoutesWriter;
import dev.claudebottle.supervise.model.Outcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ToolAnswer} for the agent: text for the model and the same facts as
 * {@code structuredContent}. Only {@code applied} and {@code pending} are successful calls; every
 * other status sets {@code isError}, so the model does not take it for success.
 */
final class ToolResults {
    static final String NEXT_STEP = "next_step";
    /** At {@code applied}: the routes file the proxy confirmed, exactly, and its SHA-256 (the same on every gateway). */
    static final String LIVE_ROUTES = "live_routes";
    static final String LIVE_SHA256 = "live_sha256";

    private ToolResults() {}

    static McpSchema.CallToolResult render(ToolAnswer answer) {
        Map<String, Object> structured = new LinkedHashMap<>();
        String text;
        boolean error;
        switch (answer) {
            case ToolAnswer.Invalid invalid -> {
                List<String> problems = new ArrayList<>(invalid.argumentProblems());
                for (Problem problem : invalid.fileProblems()) {
                    problems.add(problem.format(invalid.fileName()));
                }
                structured.put("status", "invalid");
                structured.put("problems", problems);
                structured.put(NEXT_STEP, "fix every listed problem, then call egress-proxy-block again with the "
                        + "whole file");
                text = "Nothing was submitted: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                        + ". Fix every one and call egress-proxy-block again with the whole file.\n"
                        + String.join("\n", problems);
                error = true;
            }
            case ToolAnswer.Unknown unknown when unknown.proposalId() == null -> {
                structured.put("status", "unknown");
                structured.put("reason", "proposal_id is required");
                structured.put(NEXT_STEP, "call proposal-status again with {\"proposal_id\": \"p-...\"}, the id "
                        + "egress-proxy-block returned");
                text = "proposal_id is required: call proposal-status with {\"proposal_id\": \"<the id "
                        + "egress-proxy-block returned>\"}.";
                error = true;
            }
            case ToolAnswer.Refused refused -> {
                structured.put("status", "refused");
                structured.put("reason", refused.reason());
                structured.put(NEXT_STEP, "nothing was queued; do not retry at once: " + refused.reason());
                text = "Nothing was submitted: " + refused.reason();
                error = true;
            }
            case ToolAnswer.Unknown unknown -> {
                structured.put("status", "unknown");
                structured.put("reason", "no proposal of this bottle has the id " + unknown.proposalId());
                structured.put(NEXT_STEP, "use the proposal_id that egress-proxy-block returned; if you have none, "
                        + "propose with egress-proxy-block");
                text = "There is no proposal " + unknown.proposalId() + " for this bottle. Use the proposal_id "
                        + "that egress-proxy-block returned.";
                error = true;
            }
            case ToolAnswer.Pending pending -> {
                structured.put("status", "pending");
                structured.put(ToolCatalog.PROPOSAL_ID, pending.id().value());
                String stage = pending.approved() ? "approved and being applied" : "waiting for the operator's decision";
                structured.put("reason", stage);
                structured.put(NEXT_STEP, "call proposal-status with {\"proposal_id\": \"" + pending.id()
                        + "\"} to keep waiting; do not submit again");
                text = "Proposal " + pending.id() + " is " + stage + ". Call proposal-status with {\"proposal_id\": \""
                        + pending.id() + "\"} to keep waiting; do not submit it again.";
                error = false;
            }
            case ToolAnswer.Finished finished -> {
                Outcome outcome = finished.outcome();
                structured.put("status", outcome.status());
                structured.put(ToolCatalog.PROPOSAL_ID, finished.id().value());
                text = finishedText(finished, structured);
                error = !(outcome instanceof Outcome.Applied);
            }
        }
        return McpSchema.CallToolResult.builder()
                .addTextContent(text)
                .structuredContent(structured)
                .isError(error)
                .build();
    }

    private static String finishedText(ToolAnswer.Finished finished, Map<String, Object> structured) {
        String id = finished.id().value();
        return switch (finished.outcome()) {
            case Outcome.Applied applied -> {
                structured.put("new_sha256", applied.newSha256().hex());
                finished.liveRoutes().ifPresent(live -> {
                    structured.put(LIVE_ROUTES, live.text());
                    structured.put(LIVE_SHA256, live.sha256().hex());
                });
                structured.put(NEXT_STEP, "retry your request now");
                finished.operatorReason().ifPresent(r -> structured.put("reason", r));
                StringBuilder text = new StringBuilder("Applied: proposal " + id + " is live (routes.yaml sha256 "
                        + applied.newSha256().hex() + "). Retry your request.");
                finished.grantedUntil().map(RoutesWriter::expiry).ifPresent(until -> {
                    structured.put("granted_until", until);
                    text.append("\nThe operator granted it for a limited time: until ").append(until)
                            .append(" (UTC). After that egress-proxy refuses it again (403 `grant-expired`); propose it again"
                                    + " if you still need it then.");
                });
                finished.operatorReason().ifPresent(r -> text.append("\nThe operator said: ").append(r));
                finished.finalFile().ifPresent(file -> {
                    structured.put("final_routes", file.text());
                    text.append("\nThe operator edited your proposal; the routes.yaml now in force is:\n")
                            .append(file.text());
                });
                yield text.toString();
            }
            case Outcome.Rejected rejected -> {
                structured.put("reason", rejected.reason());
                structured.put(NEXT_STEP, "do not resubmit the same change; find another way or ask the user");
                yield "Rejected: the operator declined proposal " + id + ": " + rejected.reason()
                        + "\nDo not resubmit the same change; find another way or ask the user.";
            }
            case Outcome.Failed failed -> {
                structured.put("reason", failed.cause());
                structured.put(NEXT_STEP, "the previous routes are still in force; tell the user the change was "
                        + "approved but could not be applied");
                yield "Failed: proposal " + id + " was approved but could not be applied (" + failed.cause()
                        + "); the previous routes are still in force.";
            }
            case Outcome.Conflict conflict -> {
                String reason = "the routes changed since you read them (base " + conflict.expectedBase().abbreviated()
                        + ", now " + conflict.actualCurrent().abbreviated() + ")";
                structured.put("reason", reason);
                structured.put(NEXT_STEP, "re-read " + ToolCatalog.ROUTES_PATH + ", make your change to it and call "
                        + "egress-proxy-block again");
                yield "Conflict: proposal " + id + " was not applied: " + reason + ". Re-read "
                        + ToolCatalog.ROUTES_PATH + ", make your change to it and call egress-proxy-block again.";
            }
            case Outcome.Expired expired -> {
                structured.put("reason", "nobody decided before the proposal expired");
                structured.put(NEXT_STEP, "propose again with egress-proxy-block only if the task still needs the "
                        + "access");
                yield "Expired: nobody decided on proposal " + id + " in time, so it was denied. Propose again "
                        + "if the task still needs the access.";
            }
        };
    }
}
