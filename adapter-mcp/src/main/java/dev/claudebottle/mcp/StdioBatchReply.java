package dev.claudebottle.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers of one JSON-RPC batch on stdio, sent as one array line once every request in it is
 * answered (answers the connection gave at once, and the SDK's as they come). Registers each awaited
 * request in the connection's map of batches by id key, and removes it when answered. Thread-safe.
 */
final class StdioBatchReply {
    private final Map<String, StdioBatchReply> batches;
    private final JsonLines lines;
    private final List<Map<String, Object>> answers = new ArrayList<>();
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private boolean complete;

    /** @param batches the connection's open batches by awaited id key, shared with its other batches */
    StdioBatchReply(Map<String, StdioBatchReply> batches, JsonLines lines) {
        this.batches = batches;
        this.lines = lines;
    }

    /** The SDK will answer the request with this id key. */
    synchronized void expect(String key) {
        expected.add(key);
        batches.put(key, this);
    }

    /** An answer that needs no SDK (a refusal, a ping). */
    synchronized void add(Map<String, Object> answer) {
        answers.add(answer);
    }

    /** Every member has been read: send once the last awaited answer is in. */
    synchronized void sealed() {
        complete = true;
        sendIfDone();
    }

    /** The SDK answered the request with this id key ({@code answer} null: it was cancelled). */
    synchronized void answered(String key, Map<String, Object> answer) {
        batches.remove(key);
        if (expected.remove(key) && answer != null) {
            answers.add(answer);
        }
        sendIfDone();
    }

    private void sendIfDone() {
        if (complete && expected.isEmpty() && !answers.isEmpty()) {
            lines.write(JsonRpc.write(List.copyOf(answers)));
            answers.clear();
        }
    }
}
