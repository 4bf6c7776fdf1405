package dev.claudebottle.mcp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls now waiting for the operator, by call key (the session and the JSON-RPC id), so
 * the transport layer can end a wait at once: when the client cancels the request
 * ({@code notifications/cancelled}: no result is sent) or when stdin ends (the call answers
 * {@code pending} now). The proposal stays queued either way. Thread-safe.
 */
final class CallWaits {
    /** The {@code _meta} key under which the transport layer tells a tool call its call key. */
    static final String META_KEY = "dev.claudebottle/call";
    private static final int REMEMBERED_CANCELLATIONS = 4096;

    private final Map<String, Wait> waiting = new ConcurrentHashMap<>();
    private final Set<String> endedSessions = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelled = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_CANCELLATIONS;
                }
            }));

    static String key(String session, Object jsonRpcId) {
        return session + " " + JsonRpc.idKey(jsonRpcId);
    }

    /** Tells the tool call its call key through {@code _meta}, replacing any value a client put there. */
    static void tag(Map<String, Object> message, String key) {
        Map<String, Object> params = new LinkedHashMap<>(JsonRpc.asMap(message.get("params")));
        Map<String, Object> meta = JsonRpc.asMap(params.get("_meta"));
        Map<String, Object> tagged = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
        tagged.put(CallWaits.META_KEY, key);
        params.put("_meta", tagged);
        message.put("params", params);
    }

    /** One waiting call: its thread, and whether it was told to stop. */
    static final class Wait implements AutoCloseable {
        private final CallWaits owner;
        private final String key;
        private final Thread thread;
        private volatile boolean ended;

        private Wait(CallWaits owner, String key, Thread thread) {
            this.owner = owner;
            this.key = key;
            this.thread = thread;
        }

        /** True once the wait was told to end; the call should answer (or be dropped) now. */
        boolean ended() {
            return ended;
        }

        void end() {
            ended = true;
            thread.interrupt();
        }

        @Override
        public void close() {
            if (key != null) {
                owner.waiting.remove(key, this);
            }
            Thread.interrupted(); // an end() that raced the call's own return must not leak into the next task
        }
    }

    /** Registers the calling thread's wait; a call cancelled before it got here is ended at once. */
    Wait begin(String key) {
        Wait wait = new Wait(this, key, Thread.currentThread());
        if (key == null) {
            return wait;
        }
        waiting.put(key, wait);
        if (cancelled.contains(key) || endedSessions.contains(key.substring(0, Math.max(0, key.indexOf(' '))))) {
            wait.end();
        }
        return wait;
    }

    /** The client cancelled this request: end its wait; its response, if any comes, must not be sent. */
    void cancel(String key) {
        cancelled.add(key);
        Wait wait = waiting.get(key);
        if (wait != null) {
            wait.end();
        }
    }

    boolean isCancelled(String key) {
        return cancelled.contains(key);
    }

    /** Forgets a cancellation whose (suppressed) response has gone by. */
    void forget(String key) {
        cancelled.remove(key);
    }

    /** Ends every wait of a session now (its input ended): each call answers {@code pending} at once. */
    void endSession(String session) {
        endedSessions.add(session);
        String prefix = session + " ";
        waiting.forEach((key, wait) -> {
            if (key.startsWith(prefix)) {
                wait.end();
            }
        });
    }
}
