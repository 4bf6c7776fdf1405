package dev.claudebottle.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One MCP session over newline-delimited JSON-RPC on a pair of streams, in place of the SDK's stdio
 * transport: every line is checked first ({@link MessageCheck}), so a line that is not JSON gets
 * -32700 and one that is not a JSON-RPC message -32600, and the session goes on; {@code ping} is
 * answered even before {@code initialize}; a batch is answered as one array in a 2025-03-26
 * session and refused in later revisions (which removed batching); when the input ends, the
 * requests already read are answered (waiting tool calls answer {@code pending} at once) before
 * {@link #serve} returns. The framing is {@link JsonLines}', a batch's answers are gathered by
 * {@link StdioBatchReply}.
 */
final class StdioConnection implements McpServerTransportProvider {
    private static final Logger LOG = LoggerFactory.getLogger(StdioConnection.class);

    private final JsonLines lines;
    private final MessageCheck check;
    private final CallWaits waits;
    /** This connection's part of every call key: unique, so connections of one server never meet. */
    private final String sessionKey = "stdio-" + UUID.randomUUID();
    /** Requests handed to the SDK and not answered yet, by id key. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final Map<String, StdioBatchReply> batches = new ConcurrentHashMap<>();
    private volatile McpServerSession session;
    private volatile String initializeId;
    /** Whether the SDK session has had {@code notifications/initialized} (the client's, or one sent on its behalf). */
    private final AtomicBoolean initializedHandedOver = new AtomicBoolean();
    private volatile String revision;

    StdioConnection(InputStream in, OutputStream out, int maxLineBytes, MessageCheck check, CallWaits waits) {
        this.lines = new JsonLines(in, out, maxLineBytes);
        this.check = check;
        this.waits = waits;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        this.session = sessionFactory.create(new Outbound());
    }

    @Override
    public List<String> protocolVersions() {
        return McpRevisions.SPOKEN;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession current = session;
        return current == null ? Mono.empty() : current.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        McpServerSession current = session;
        return current == null ? Mono.empty() : current.closeGracefully();
    }

    /**
     * Reads and answers lines until the input ends, then answers what was read (for at most
     * {@code drain}) and returns.
     */
    void serve(Duration drain) throws InterruptedException {
        try {
            byte[] line;
            while ((line = lines.read()) != null) {
                if (line == JsonLines.TOO_LONG) {
                    reply(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid request: a message is at most "
                            + lines.maxLineBytes() + " bytes; this line was longer and was skipped"));
                    continue;
                }
                String text = new String(line, StandardCharsets.UTF_8);
                if (!text.isBlank()) {
                    receive(text);
                }
            }
        } catch (IOException e) {
            LOG.info("stdin failed, so the session ends: {}", e.toString());
        }
        waits.endSession(sessionKey);
        long deadline = System.nanoTime() + drain.toNanos();
        while (!open.isEmpty() && !lines.outputBroken() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (!open.isEmpty()) {
            LOG.warn("stdin ended; {} request(s) still unanswered after {} are dropped", open.size(), drain);
        }
    }

    private void receive(String text) {
        switch (JsonRpc.parse(text)) {
            case JsonRpc.Parsed.NotJson notJson ->
                    reply(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: " + notJson.problem()));
            case JsonRpc.Parsed.Json json when JsonRpc.isBatch(json.value()) -> receiveBatch((List<?>) json.value());
            case JsonRpc.Parsed.Json json -> {
                Map<String, Object> answer = receiveOne(json.value(), null);
                if (answer != null) {
                    reply(answer);
                }
            }
        }
    }

    private void receiveBatch(List<?> elements) {
        if (!McpRevisions.BATCH.equals(revision)) {
            reply(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid request: JSON-RPC batches are part of MCP "
                    + "revision " + McpRevisions.BATCH + " only" + (revision == null ? " and never carry initialize"
                    : "; this session speaks " + revision) + ". Send one message per line."));
            return;
        }
        if (elements.isEmpty()) {
            reply(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid request: an empty batch"));
            return;
        }
        StdioBatchReply batch = new StdioBatchReply(batches, lines);
        for (Object element : elements) {
            Map<String, Object> message = JsonRpc.asMap(element);
            if (message != null && "initialize".equals(message.get("method"))) {
                batch.add(JsonRpc.error(JsonRpc.validId(message.get("id")) ? message.get("id") : null,
                        JsonRpc.INVALID_REQUEST, "Invalid request: initialize cannot be part of a batch"));
                continue;
            }
            Map<String, Object> answer = receiveOne(element, batch);
            if (answer != null) {
                batch.add(answer);
            }
        }
        batch.sealed();
    }

    /** Handles one message; returns an answer to send now, or null when the SDK answers (or nothing is due). */
    private Map<String, Object> receiveOne(Object value, StdioBatchReply batch) {
        MessageCheck.Verdict verdict = check.check(value);
        if (verdict instanceof MessageCheck.Verdict.Answer answer) {
            return answer.error();
        }
        if (verdict instanceof MessageCheck.Verdict.Drop drop) {
            LOG.debug("a notification was dropped: {}", drop.why());
            return null;
        }
        Map<String, Object> message = ((MessageCheck.Verdict.Pass) verdict).message();
        Object id = message.get("id");
        String method = (String) message.get("method");
        if ("ping".equals(method) && id != null) {
            return JsonRpc.result(id, Map.of());
        }
        if ("notifications/cancelled".equals(method)) {
            Map<String, Object> params = JsonRpc.asMap(message.get("params"));
            if (params != null && JsonRpc.validId(params.get("requestId"))) {
                String key = JsonRpc.idKey(params.get("requestId"));
                if (open.contains(key)) {
                    waits.cancel(CallWaits.key(sessionKey, params.get("requestId")));
                    open.remove(key);
                }
            }
            return null;
        }
        if ("notifications/initialized".equals(method) && id == null && initializedHandedOver.getAndSet(true)) {
            return null; // already handed to the SDK on the client's behalf
        }
        if (method != null && id != null) {
            if ("initialize".equals(method)) {
                if (initializeId != null) {
                    return JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid request: this session is already "
                            + "initialized");
                }
                initializeId = JsonRpc.idKey(id);
            } else if (initializeId == null) {
                return JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid request: send initialize first "
                        + "(only ping is answered before it)");
            }
            if (!"initialize".equals(method) && !initializedHandedOver.get()) {
                handOverInitialized();
            }
            String key = JsonRpc.idKey(id);
            if (open.contains(key)) {
                return JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid request: id " + id
                        + " is already in use by a request still being answered");
            }
            if ("tools/call".equals(method)) {
                CallWaits.tag(message, CallWaits.key(sessionKey, id)); // a client's own value there is replaced
            }
            open.add(key);
            if (batch != null) {
                batch.expect(key);
            }
        }
        McpSchema.JSONRPCMessage sdkMessage;
        try {
            sdkMessage = McpSchema.deserializeJsonRpcMessage(JsonRpc.JSON, JsonRpc.write(message));
        } catch (IOException | RuntimeException e) {
            open.remove(JsonRpc.idKey(id));
            return JsonRpc.error(JsonRpc.validId(id) ? id : null, JsonRpc.INVALID_REQUEST,
                    "Invalid request: not an MCP message");
        }
        session.handle(sdkMessage).subscribe(null, error -> LOG.warn("handling a message failed", error));
        return null;
    }

    /**
     * A request came after initialize but before the client's {@code notifications/initialized}: the
     * SDK session would hold it until that notification, for ever if the client never sends it
     * (streamable HTTP answers such requests). Once the initialize answer is out, the notification
     * is handed to the SDK on the client's behalf; the client's own, if it comes later, is dropped.
     */
    private void handOverInitialized() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (open.contains(initializeId) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (initializedHandedOver.compareAndSet(false, true)) {
            try {
                session.handle(McpSchema.deserializeJsonRpcMessage(JsonRpc.JSON,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                        .subscribe(null, error -> LOG.warn("handling initialized failed", error));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void reply(Map<String, Object> message) {
        lines.write(JsonRpc.write(message));
    }

    /** What the SDK sends: written as lines, except responses to cancelled requests and members of a batch. */
    private final class Outbound implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> send(message));
        }

        private void send(McpSchema.JSONRPCMessage message) {
            if (!(message instanceof McpSchema.JSONRPCResponse response)) {
                lines.write(JsonRpc.write(message));
                return;
            }
            String key = JsonRpc.idKey(response.id());
            String callKey = CallWaits.key(sessionKey, response.id());
            if (waits.isCancelled(callKey)) {
                waits.forget(callKey);
                open.remove(key);
                return;
            }
            Map<String, Object> map = JsonRpc.asMap(JsonRpc.JSON.convertValue(response, Map.class));
            if (key.equals(initializeId) && response.result() != null) {
                Map<String, Object> result = JsonRpc.asMap(map.get("result"));
                revision = result == null ? null : (String) result.get("protocolVersion");
            }
            StdioBatchReply batch = batches.get(key);
            if (batch != null) {
                batch.answered(key, map);
            } else {
                lines.write(JsonRpc.write(map));
            }
            open.remove(key);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return JsonRpc.JSON.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public List<String> protocolVersions() {
            return McpRevisions.SPOKEN;
        }
    }
}
