package dev.claudebottle.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The streamable-HTTP protocol rules the SDK servlet does not keep, checked (behind the
 * {@link HttpGate}) before it sees a request: the media types, the {@code MCP-Protocol-Version}
 * header, the body (read whole, at most {@link SdkSuperviseServer#MAX_MESSAGE_BYTES}; a larger one
 * is read to its end and refused with 413, so the client is never reset while sending), the
 * message ({@link MessageCheck}), cancellations; and every answer through {@link ProtocolResponse}.
 * The request's form is read by {@link RequestForm}, the sessions kept by {@link HttpSessions}, a batch
 * answered by {@link HttpBatch}.
 */
final class HttpProtocolGate implements Filter {
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    /** Sessions kept at once; opening one more ends the least recently used. */
    static final int MAX_SESSIONS = 256;
    /** An initialize message carries a client's name and capabilities: more than this is refused. */
    static final int MAX_INITIALIZE_BYTES = 64 * 1024;

    private final MessageCheck check;
    private final CallWaits waits;
    private final int maxBytes;
    private final SseHeartbeat heartbeat;
    private final HttpBatch batches;
    private final HttpSessions sessions;

    /**
     * @param mcp the SDK servlet, which the members of a batch are handed to one by one
     * @param heartbeat how often an open event stream gets a keep-alive comment
     */
    HttpProtocolGate(MessageCheck check, CallWaits waits, int maxBytes, Duration heartbeat,
            HttpServlet mcp) {
        this.check = check;
        this.waits = waits;
        this.maxBytes = maxBytes;
        this.heartbeat = new SseHeartbeat(heartbeat);
        this.batches = new HttpBatch(mcp);
        this.sessions = new HttpSessions(MAX_SESSIONS, mcp);
    }

    @Override
    public void destroy() {
        heartbeat.close();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        String session = http.getHeader(SESSION_HEADER);
        String revision = http.getHeader(VERSION_HEADER);
        if (revision != null && !McpRevisions.SPOKEN.contains(revision.strip())) {
            RequestForm.discardBody(http);
            refuse(out, HttpServletResponse.SC_BAD_REQUEST, "Unsupported MCP-Protocol-Version: "
                    + RequestForm.printable(revision) + "; this server speaks " + String.join(", ", McpRevisions.SPOKEN));
            return;
        }
        ProtocolResponse answer = new ProtocolResponse(out, session, revision == null ? null : revision.strip(), waits,
                heartbeat);
        if (session != null) {
            sessions.touch(session);
        }
        switch (http.getMethod()) {
            case "POST" -> post(http, answer, chain, session);
            case "GET" -> {
                if (!RequestForm.accepts(http, "text/event-stream")) {
                    RequestForm.discardBody(http);
                    refuse(out, HttpServletResponse.SC_NOT_ACCEPTABLE, "Not acceptable: a GET stream needs "
                            + "Accept: text/event-stream");
                    return;
                }
                // this server keeps no event history, so a resumed stream is simply a new one
                chain.doFilter(new WatchedRequest(new WatchedRequest.WithoutLastEventId(http), answer), answer);
            }
            case "DELETE" -> {
                chain.doFilter(http, answer);
                if (session != null) {
                    sessions.forget(session);
                }
            }
            default -> chain.doFilter(http, answer);
        }
    }

    private void post(HttpServletRequest http, ProtocolResponse answer, FilterChain chain, String session)
            throws IOException, ServletException {
        HttpServletResponse out = (HttpServletResponse) answer.getResponse();
        String contentType = http.getContentType();
        if (contentType == null || !RequestForm.mediaType(contentType).equals("application/json")) {
            RequestForm.discardBody(http);
            refuse(out, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Unsupported media type: a message is "
                    + "sent as Content-Type: application/json");
            return;
        }
        if (!RequestForm.accepts(http, "application/json") || !RequestForm.accepts(http, "text/event-stream")) {
            RequestForm.discardBody(http);
            refuse(out, HttpServletResponse.SC_NOT_ACCEPTABLE, "Not acceptable: a POST needs Accept listing both "
                    + "application/json and text/event-stream");
            return;
        }
        byte[] body = RequestForm.readBody(http, maxBytes);
        if (body == null) {
            out.setHeader("Connection", "close");
            refuse(out, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Request too large: a message is at most "
                    + maxBytes + " bytes");
            return;
        }
        Object value;
        switch (JsonRpc.parse(new String(body, StandardCharsets.UTF_8))) {
            case JsonRpc.Parsed.NotJson notJson -> {
                refuse(out, HttpServletResponse.SC_BAD_REQUEST, JsonRpc.error(null, JsonRpc.PARSE_ERROR,
                        "Parse error: " + notJson.problem()));
                return;
            }
            case JsonRpc.Parsed.Json json -> value = json.value();
        }
        if (JsonRpc.isBatch(value)) {
            batch(http, out, session, (List<?>) value);
            return;
        }
        switch (check.check(value)) {
            case MessageCheck.Verdict.Answer refusal -> refuse(out, refusal.code() == JsonRpc.INVALID_PARAMS
                    ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST, refusal.error());
            case MessageCheck.Verdict.Drop drop -> out.setStatus(HttpServletResponse.SC_ACCEPTED);
            case MessageCheck.Verdict.Pass pass -> {
                Map<String, Object> message = pass.message();
                Object id = message.get("id");
                if (!message.containsKey("method")) {
                    // this server sends clients no requests, so no response can be awaited: accepted and ignored
                    out.setStatus(HttpServletResponse.SC_ACCEPTED);
                    return;
                }
                if (session != null && trackCall(session, message)) {
                    body = JsonRpc.write(message).getBytes(StandardCharsets.UTF_8);
                }
                boolean initialize = "initialize".equals(message.get("method"));
                if (initialize && body.length > MAX_INITIALIZE_BYTES) {
                    refuse(out, HttpServletResponse.SC_BAD_REQUEST, JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                            "Invalid request: an initialize message is at most " + MAX_INITIALIZE_BYTES
                                    + " bytes; this one is " + body.length + ". Send a short clientInfo."));
                    return;
                }
                if (initialize) {
                    answer.record();
                }
                chain.doFilter(new WatchedRequest(new RequestWithBody(http, body), answer), answer);
                if (initialize) {
                    sessions.opened(http, answer);
                }
            }
        }
    }

    private void batch(HttpServletRequest http, HttpServletResponse out, String session, List<?> elements)
            throws IOException {
        String revision = sessions.revision(session);
        if (!McpRevisions.BATCH.equals(revision)) {
            refuse(out, HttpServletResponse.SC_BAD_REQUEST, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                    "Invalid request: JSON-RPC batches are part of MCP revision " + McpRevisions.BATCH
                            + " only" + (revision == null ? " and need a session (initialize is never batched)"
                            : "; this session speaks " + revision) + ". Send one message per request."));
            return;
        }
        if (elements.isEmpty()) {
            refuse(out, HttpServletResponse.SC_BAD_REQUEST, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                    "Invalid request: an empty batch"));
            return;
        }
        List<HttpBatch.Entry> entries = new ArrayList<>();
        for (Object element : elements) {
            switch (check.check(element)) {
                case MessageCheck.Verdict.Answer refusal -> entries.add(new HttpBatch.Entry(null, refusal.error()));
                case MessageCheck.Verdict.Drop drop -> { }
                case MessageCheck.Verdict.Pass pass -> {
                    Map<String, Object> message = pass.message();
                    Object id = message.get("id");
                    if (!message.containsKey("method")) {
                        continue; // a response: nothing awaits it
                    }
                    if ("initialize".equals(message.get("method"))) {
                        entries.add(new HttpBatch.Entry(null, JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                                "Invalid request: initialize cannot be part of a batch")));
                        continue;
                    }
                    trackCall(session, message);
                    entries.add(new HttpBatch.Entry(message, null));
                }
            }
        }
        List<Map<String, Object>> answers = batches.answer(http, out, entries);
        if (answers.isEmpty()) {
            out.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        byte[] body = JsonRpc.write(answers).getBytes(StandardCharsets.UTF_8);
        out.setStatus(HttpServletResponse.SC_OK);
        out.setContentType("application/json");
        out.setCharacterEncoding("UTF-8");
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
    }

    /**
     * The call-wait bookkeeping of one checked message of a session: a {@code notifications/cancelled}
     * cancels the call it names; a {@code tools/call} request is tagged with its call key.
     *
     * @return whether the message was tagged (changed)
     */
    private boolean trackCall(String session, Map<String, Object> message) {
        Object id = message.get("id");
        if ("notifications/cancelled".equals(message.get("method"))) {
            Map<String, Object> params = JsonRpc.asMap(message.get("params"));
            if (params != null && JsonRpc.validId(params.get("requestId"))) {
                waits.cancel(CallWaits.key(session, params.get("requestId")));
            }
        }
        if (id != null && "tools/call".equals(message.get("method"))) {
            CallWaits.tag(message, CallWaits.key(session, id));
            return true;
        }
        return false;
    }

    private static void refuse(HttpServletResponse out, int status, String message) throws IOException {
        ProtocolErrors.write(out, status, message);
    }

    private static void refuse(HttpServletResponse out, int status, Map<String, Object> error) throws IOException {
        ProtocolErrors.write(out, status, error);
    }
}
