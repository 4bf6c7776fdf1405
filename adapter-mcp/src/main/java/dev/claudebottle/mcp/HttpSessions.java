package dev.claudebottle.mcp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP sessions as {@link HttpProtocolGate} keeps track of them: which are live (at most
 * {@link HttpProtocolGate#MAX_SESSIONS}; admitting one more ends the least recently used inside the SDK
 * servlet) and which MCP revision each negotiated, as its initialize answer said. Thread-safe.
 */
final class HttpSessions {
    private final LiveSessions live;
    private final SessionCloser closer;
    /** The revision each session negotiated (the most recent sessions). */
    private final Map<String, String> revisions = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    });

    HttpSessions(int max, HttpServlet mcp) {
        this.live = new LiveSessions(max);
        this.closer = new SessionCloser(mcp);
    }

    /** A request of this session arrived. */
    void touch(String session) {
        live.touch(session);
    }

    /** The client deleted the session. */
    void forget(String session) {
        live.forget(session);
    }

    /** The revision the session negotiated, or null (unknown session, or initialize not answered). */
    String revision(String session) {
        return session == null ? null : revisions.get(session);
    }

    /**
     * An initialize was answered: admits the session it opened (ending the ones pushed over the bound)
     * and remembers the revision its answer names.
     */
    void opened(HttpServletRequest http, ProtocolResponse answer) {
        String session = answer.getHeader(HttpProtocolGate.SESSION_HEADER);
        if (session == null) {
            return;
        }
        for (String evicted : live.admit(session)) {
            closer.close(http, (HttpServletResponse) answer.getResponse(), evicted);
            revisions.remove(evicted);
        }
        if (JsonRpc.parse(answer.recorded()) instanceof JsonRpc.Parsed.Json json) {
            Map<String, Object> message = JsonRpc.asMap(json.value());
            Map<String, Object> result = JsonRpc.asMap(message == null ? null : message.get("result"));
            if (result != null && result.get("protocolVersion") instanceof String version) {
                revisions.put(session, version);
            }
        }
    }
}
