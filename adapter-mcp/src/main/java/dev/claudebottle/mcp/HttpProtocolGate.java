package dev.claudebottle.mcp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The streamable-HTTP protocol rules the SDK servlet does not keep, checked (behind the
 * {@link HttpGate}) before it sees a request: the media types, the {@code MCP-Protocol-Version}
 * header, the body (read whole, at most {@link SdkSuperviseServer#MAX_MESSAGE_BYTES}; a larger one
 * is read to its end and refused with 413, so the client is never reset while sending), the
 * message ({@link MessageCheck}), cancellations; and every answer through {@link ProtocolResponse}.
 */
final class HttpProtocolGate implements Filter {
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    /** Past this a body over the limit is no longer read to its end; the connection is closed after the 413. */
    static final long MAX_DISCARD_BYTES = 64L * 1024 * 1024;
    /** Sessions kept at once; opening one more ends the least recently used. */
    static final int MAX_SESSIONS = 256;
    /** An initialize message carries a client's name and capabilities: more than this is refused. */
    static final int MAX_INITIALIZE_BYTES = 64 * 1024;

    private final MessageCheck check;
    private final CallWaits waits;
    private final int maxBytes;
    private final ProtocolResponse.Heartbeat heartbeat;
    private final HttpBatch batches;
    private final LiveSessions sessions = new LiveSessions(MAX_SESSIONS);
    private final SessionCloser closer;
    /** The revision each session negotiated, as its initialize answer said (the most recent sessions). */
    private final Map<String, String> revisions = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    });

    /**
     * @param mcp the SDK servlet, which the members of a batch are handed to one by one
     * @param heartbeat how often an open event stream gets a keep-alive comment
     */
    HttpProtocolGate(MessageCheck check, CallWaits waits, int maxBytes, Duration heartbeat,
            HttpServlet mcp) {
        this.check = check;
        this.waits = waits;
        this.maxBytes = maxBytes;
        this.heartbeat = new ProtocolResponse.Heartbeat(heartbeat);
        this.batches = new HttpBatch(mcp);
        this.closer = new SessionCloser(mcp);
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
        if (revision != null && !StdioConnection.REVISIONS.contains(revision.strip())) {
            discardBody(http);
            refuse(out, HttpServletResponse.SC_BAD_REQUEST, "Unsupported MCP-Protocol-Version: "
                    + printable(revision) + "; this server speaks " + String.join(", ", StdioConnection.REVISIONS));
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
                if (!accepts(http, "text/event-stream")) {
                    discardBody(http);
                    refuse(out, HttpServletResponse.SC_NOT_ACCEPTABLE, "Not acceptable: a GET stream needs "
                            + "Accept: text/event-stream");
                    return;
                }
                // this server keeps no event history, so a resumed stream is simply a new one
                chain.doFilter(new Watched(new WithoutLastEventId(http), answer), answer);
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
        if (contentType == null || !mediaType(contentType).equals("application/json")) {
            discardBody(http);
            refuse(out, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Unsupported media type: a message is "
                    + "sent as Content-Type: application/json");
            return;
        }
        if (!accepts(http, "application/json") || !accepts(http, "text/event-stream")) {
            discardBody(http);
            refuse(out, HttpServletResponse.SC_NOT_ACCEPTABLE, "Not acceptable: a POST needs Accept listing both "
                    + "application/json and text/event-stream");
            return;
        }
        byte[] body = readBody(http);
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
                if (session != null && "notifications/cancelled".equals(message.get("method"))) {
                    Map<String, Object> params = JsonRpc.asMap(message.get("params"));
                    if (params != null && JsonRpc.validId(params.get("requestId"))) {
                        waits.cancel(CallWaits.key(session, params.get("requestId")));
                    }
                }
                if (session != null && id != null && "tools/call".equals(message.get("method"))) {
                    tag(message, CallWaits.key(session, id));
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
                chain.doFilter(new Watched(new RequestWithBody(http, body), answer), answer);
                if (initialize) {
                    remember(http, answer);
                }
            }
        }
    }

    private void remember(HttpServletRequest http, ProtocolResponse answer) {
        String newSession = answer.getHeader(SESSION_HEADER);
        if (newSession != null) {
            for (String evicted : sessions.admit(newSession)) {
                closer.close(http, (HttpServletResponse) answer.getResponse(), evicted);
                revisions.remove(evicted);
            }
        }
        if (newSession != null && JsonRpc.parse(answer.recorded()) instanceof JsonRpc.Parsed.Json json) {
            Map<String, Object> result = JsonRpc.asMap(JsonRpc.asMap(json.value()) == null ? null
                    : JsonRpc.asMap(json.value()).get("result"));
            if (result != null && result.get("protocolVersion") instanceof String version) {
                revisions.put(newSession, version);
            }
        }
    }

    private void batch(HttpServletRequest http, HttpServletResponse out, String session, List<?> elements)
            throws IOException {
        String revision = session == null ? null : revisions.get(session);
        if (!StdioConnection.BATCH_REVISION.equals(revision)) {
            refuse(out, HttpServletResponse.SC_BAD_REQUEST, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                    "Invalid request: JSON-RPC batches are part of MCP revision " + StdioConnection.BATCH_REVISION
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
                    if ("notifications/cancelled".equals(message.get("method"))) {
                        Map<String, Object> params = JsonRpc.asMap(message.get("params"));
                        if (params != null && JsonRpc.validId(params.get("requestId"))) {
                            waits.cancel(CallWaits.key(session, params.get("requestId")));
                        }
                    }
                    if (id != null && "tools/call".equals(message.get("method"))) {
                        tag(message, CallWaits.key(session, id));
                    }
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

    /** Tells the tool call its call key through {@code _meta}, replacing any value a client put there. */
    static void tag(Map<String, Object> message, String key) {
        Map<String, Object> params = new LinkedHashMap<>(JsonRpc.asMap(message.get("params")));
        Map<String, Object> meta = JsonRpc.asMap(params.get("_meta"));
        Map<String, Object> tagged = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
        tagged.put(CallWaits.META_KEY, key);
        params.put("_meta", tagged);
        message.put("params", params);
    }

    /** The whole body, or null when it is over the limit (then it was read to its end, up to a bound). */
    private byte[] readBody(HttpServletRequest http) throws IOException {
        long declared = http.getContentLengthLong();
        if (declared > maxBytes) {
            discardBody(http);
            return null;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        InputStream in = http.getInputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (body.size() + n > maxBytes) {
                discardBody(http);
                return null;
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    /** Reads what the client is still sending, so a refusal is not answered by a connection reset. */
    private static void discardBody(HttpServletRequest http) {
        try {
            InputStream in = http.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while (total < MAX_DISCARD_BYTES && (n = in.read(buffer)) > 0) {
                total += n;
            }
        } catch (IOException | IllegalStateException e) {
            // nothing more to read, or the client is gone
        }
    }

    private static boolean accepts(HttpServletRequest http, String type) {
        Enumeration<String> values = http.getHeaders("Accept");
        for (String value : values == null ? List.<String>of() : Collections.list(values)) {
            for (String part : value.split(",")) {
                String media = mediaType(part);
                if (media.equals(type) || media.equals("*/*")
                        || media.endsWith("/*") && type.startsWith(media.substring(0, media.length() - 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String mediaType(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String printable(String text) {
        String clean = text.codePoints().filter(c -> c >= 0x20 && c < 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "'" + (clean.length() > 40 ? clean.substring(0, 40) + "…" : clean) + "'";
    }

    private static void refuse(HttpServletResponse out, int status, String message) throws IOException {
        ProtocolResponse.writeError(out, status, message);
    }

    private static void refuse(HttpServletResponse out, int status, Map<String, Object> error) throws IOException {
        ProtocolResponse.writeError(out, status, error);
    }

    /** Tells the response when its exchange is over, so nothing is written to it afterwards (keep-alives). */
    private static final class Watched extends HttpServletRequestWrapper {
        private final ProtocolResponse answer;

        Watched(HttpServletRequest request, ProtocolResponse answer) {
            super(request);
            this.answer = answer;
        }

        @Override
        public AsyncContext startAsync() {
            return watch(super.startAsync());
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
            return watch(super.startAsync(request, response));
        }

        private AsyncContext watch(AsyncContext async) {
            async.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    answer.ended();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    answer.ended();
                }

                @Override
                public void onError(AsyncEvent event) {
                    answer.ended();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // still the same exchange
                }
            });
            return async;
        }
    }

    /** A GET without {@code Last-Event-ID}: there is nothing to replay, so it opens a fresh stream. */
    private static final class WithoutLastEventId extends HttpServletRequestWrapper {
        WithoutLastEventId(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return "Last-Event-ID".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Last-Event-ID".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }
    }
}
