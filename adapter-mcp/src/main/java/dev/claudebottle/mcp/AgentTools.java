package dev.claudebottle.mcp;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The two agent-facing tools bound to the SDK. Each call blocks while it waits for the operator, so
 * it runs on its own virtual thread: fifty agents waiting at once hold fifty cheap threads, never
 * the transport's threads or the SDK's bounded pool.
 */
final class AgentTools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentTools.class);

    private final ProposalDesk desk;
    private final ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor();
    private final Scheduler scheduler = Schedulers.fromExecutorService(waiters, "mcp-tool-waiters");

    @Inject
    AgentTools(ProposalDesk desk) {
        this.desk = desk;
    }

    List<McpServerFeatures.AsyncToolSpecification> specifications() {
        return List.of(
                new McpServerFeatures.AsyncToolSpecification(ToolCatalog.blockTool(), (exchange, request) ->
                        call(() -> desk.propose(request.arguments(), progressOf(exchange, request)))),
                new McpServerFeatures.AsyncToolSpecification(ToolCatalog.statusTool(), (exchange, request) ->
                        call(() -> desk.status(request.arguments() == null ? null
                                : request.arguments().get(ToolCatalog.PROPOSAL_ID), progressOf(exchange, request)))));
    }

    private interface Call {
        ToolAnswer answer() throws InterruptedException;
    }

    /**
     * A failure (the queue unreadable, a bug) reaches the agent as a JSON-RPC internal error that
     * says nothing about the host's paths; the cause goes to the log (stderr).
     */
    private Mono<McpSchema.CallToolResult> call(Call call) {
        return Mono.fromCallable(() -> ToolResults.render(call.answer()))
                .subscribeOn(scheduler)
                .onErrorMap(error -> !(error instanceof McpError), error -> {
                    LOG.warn("a tool call failed", error);
                    return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                            .message("the supervisor could not handle this call; the proposal, if queued, stays "
                                    + "queued; try again shortly")
                            .build();
                });
    }

    /** Progress notifications go only to a client that asked for them with a progress token. */
    private static ProposalDesk.Progress progressOf(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Optional<Object> token = Optional.ofNullable(request.meta()).map(meta -> meta.get("progressToken"));
        if (token.isEmpty()) {
            return (waited, bound, status) -> true;
        }
        return (waited, bound, status) -> {
            try {
                exchange.progressNotification(new McpSchema.ProgressNotification(token.get(),
                        (double) Math.min(waited.toMillis(), bound.toMillis()) / 1000, (double) bound.toMillis() / 1000,
                        "proposal " + status + ": waiting for the operator (" + seconds(waited) + " of at most "
                                + seconds(bound) + ")", null)).block(Duration.ofSeconds(10));
                return true;
            } catch (RuntimeException e) {
                LOG.info("progress could not be sent, so the client is gone; the proposal stays queued: {}", e.toString());
                return false;
            }
        };
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    @Override
    public void close() {
        scheduler.dispose();
        waiters.shutdownNow();
    }
}
