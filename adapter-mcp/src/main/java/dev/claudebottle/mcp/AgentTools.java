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
    private final CallWaits waits;
    private final ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor();
    private final Scheduler scheduler = Schedulers.fromExecutorService(waiters, "mcp-tool-waiters");

    @Inject
    AgentTools(ProposalDesk desk, CallWaits waits) {
        this.desk = desk;
        this.waits = waits;
    }

    List<McpServerFeatures.AsyncToolSpecification> specifications() {
        return List.of(
                new McpServerFeatures.AsyncToolSpecification(ToolCatalog.blockTool(), (exchange, request) ->
                        call(request, wait -> desk.propose(request.arguments(), progressOf(exchange, request, wait)))),
                new McpServerFeatures.AsyncToolSpecification(ToolCatalog.statusTool(), (exchange, request) ->
                        call(request, wait -> desk.status(request.arguments() == null ? null
                                : request.arguments().get(ToolCatalog.PROPOSAL_ID),
                                progressOf(exchange, request, wait)))));
    }

    private interface Call {
        ToolAnswer answer(CallWaits.Wait wait) throws InterruptedException;
    }

    /**
     * A failure (the queue unreadable, a bug) reaches the agent as a JSON-RPC internal error that
     * says nothing about the host's paths; the cause goes to the log (stderr).
     */
    private Mono<McpSchema.CallToolResult> call(McpSchema.CallToolRequest request, Call call) {
        String key = Optional.ofNullable(request.meta()).map(meta -> meta.get(CallWaits.META_KEY))
                .filter(String.class::isInstance).map(String.class::cast).orElse(null);
        return Mono.fromCallable(() -> {
                    try (CallWaits.Wait wait = waits.begin(key)) {
                        return ToolResults.render(call.answer(wait));
                    }
                })
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
    private static ProposalDesk.Progress progressOf(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request,
            CallWaits.Wait wait) {
        Optional<Object> token = Optional.ofNullable(request.meta()).map(meta -> meta.get("progressToken"));
        return new ProposalDesk.Progress() {
            @Override
            public boolean waiting(Duration waited, Duration bound, String status) {
                if (wait.ended()) {
                    return false;
                }
                if (token.isEmpty()) {
                    return true;
                }
                try {
                    exchange.progressNotification(new McpSchema.ProgressNotification(token.get(),
                            (double) Math.min(waited.toMillis(), bound.toMillis()) / 1000,
                            (double) bound.toMillis() / 1000, progressMessage(status, waited, bound), null))
                            .block(Duration.ofSeconds(10));
                    return true;
                } catch (RuntimeException e) {
                    LOG.info("progress could not be sent, so the client is gone; the proposal stays queued: {}",
                            e.toString());
                    return false;
                }
            }

            @Override
            public boolean ended() {
                return wait.ended();
            }
        };
    }

    /** What a progress notification says: "applying" once the operator approved, else waiting for them. */
    static String progressMessage(String status, Duration waited, Duration bound) {
        String stage = "approved".equals(status) ? "proposal approved: applying the change"
                : "proposal " + status + ": waiting for the operator";
        return stage + " (" + seconds(waited) + " of at most " + seconds(bound) + ")";
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
