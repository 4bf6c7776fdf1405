package dev.claudebottle.mcp;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;

/**
 * The SDK servlet's response as the client sees it: every error status carries a JSON-RPC error
 * object (never a serialized Java exception or a container error page); an event stream sends its
 * status line and headers at once, opened by a priming event with {@code retry:} for 2025-11-25
 * clients; the response to a request the client cancelled is not sent. The error bodies are
 * {@link ProtocolErrors}', the keep-alive comments {@link SseHeartbeat}'s.
 */
final class ProtocolResponse extends HttpServletResponseWrapper {
    /** How long an SSE client waits before reconnecting to a stream that ended without its answer. */
    static final int RETRY_MILLIS = 2_000;
    static final String PRIMING_REVISION = "2025-11-25";

    private final String session;
    private final String revision;
    private final CallWaits waits;
    private final SseHeartbeat heartbeat;
    private int status = SC_OK;
    private PrintWriter writer;
    private StringWriter recording;
    private volatile EventFilter events;
    private volatile boolean ended;

    /**
     * @param session the request's {@code Mcp-Session-Id} (null before initialize)
     * @param revision the request's {@code MCP-Protocol-Version} (null when absent)
     */
    ProtocolResponse(HttpServletResponse response, String session, String revision, CallWaits waits,
            SseHeartbeat heartbeat) {
        super(response);
        this.session = session;
        this.revision = revision;
        this.waits = waits;
        this.heartbeat = heartbeat;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
        super.setStatus(sc);
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        ProtocolErrors.write(getResponse(), sc, ProtocolErrors.messageFor(sc, msg));
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer != null) {
            return writer;
        }
        if (status >= 400) {
            writer = new PrintWriter(new ErrorCapture());
        } else if (getContentType() != null && getContentType().startsWith("text/event-stream")) {
            events = new EventFilter(super.getWriter());
            writer = new PrintWriter(events);
            prime();
            heartbeat.keepAlive(events::comment);
        } else if (recording != null) {
            PrintWriter real = super.getWriter();
            writer = new PrintWriter(new Writer() {
                @Override
                public void write(char[] chars, int off, int len) {
                    recording.write(chars, off, len);
                    real.write(chars, off, len);
                }

                @Override
                public void flush() {
                    real.flush();
                }

                @Override
                public void close() {
                    real.close();
                }
            });
        } else {
            writer = super.getWriter();
        }
        return writer;
    }

    /**
     * The exchange is over (its async context completed, failed or timed out): nothing may be
     * written to it any more, since the container reuses its objects for the next request.
     */
    void ended() {
        ended = true;
        EventFilter current = events;
        if (current != null) {
            current.end();
        }
    }

    /** Keeps a copy of a plain (JSON) answer's text, for {@link #recorded()}. */
    void record() {
        recording = new StringWriter();
    }

    String recorded() {
        return recording == null ? "" : recording.toString();
    }

    /** Sends the status line and headers now, with a priming event for clients that understand one. */
    private void prime() throws IOException {
        if (revision != null && revision.compareTo(PRIMING_REVISION) >= 0) {
            super.getWriter().write("id: " + (session == null ? "0" : session) + "\nretry: " + RETRY_MILLIS
                    + "\ndata: \n\n");
        }
        super.getWriter().flush();
        flushBuffer();
    }

    /** Collects the SDK's serialized exception and sends a JSON-RPC error object with its message instead. */
    private final class ErrorCapture extends StringWriter {
        private boolean sent;

        @Override
        public void flush() {
            send();
        }

        @Override
        public void close() {
            send();
        }

        private void send() {
            if (sent) {
                return;
            }
            sent = true;
            String detail = null;
            try {
                Map<String, Object> thrown = JsonRpc.asMap(JsonRpc.JSON.readValue(toString(), Object.class));
                if (thrown != null && thrown.get("message") instanceof String message) {
                    detail = message;
                }
            } catch (IOException | RuntimeException e) {
                detail = null;
            }
            try {
                ProtocolErrors.write(getResponse(), status, ProtocolErrors.messageFor(status, detail));
            } catch (IOException e) {
                // the client is gone
            }
        }
    }

    /**
     * Passes SSE events through whole, one per flush (the SDK flushes after each), except a
     * response to a request the client cancelled.
     */
    private final class EventFilter extends Writer {
        private final PrintWriter out;
        private final StringBuilder event = new StringBuilder();

        EventFilter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            synchronized (event) {
                event.append(chars, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            String text;
            synchronized (event) {
                text = event.toString();
                event.setLength(0);
            }
            synchronized (out) {
                if (!text.isEmpty() && !answersCancelledCall(text)) {
                    out.write(text);
                }
                out.flush();
                if (out.checkError()) {
                    throw new IOException("the client closed the stream");
                }
            }
        }

        private boolean over;

        void end() {
            synchronized (out) {
                over = true;
            }
        }

        /** Writes a keep-alive comment; false once the stream is gone. */
        boolean comment() {
            synchronized (out) {
                if (over || ended) {
                    return false;
                }
                try {
                    out.write(": keep-alive\n\n");
                    out.flush();
                    return !out.checkError();
                } catch (RuntimeException e) {
                    return false;
                }
            }
        }

        @Override
        public void close() throws IOException {
            flush();
            out.close();
        }

        private boolean answersCancelledCall(String text) {
            if (session == null) {
                return false;
            }
            for (String line : text.split("\n")) {
                if (line.startsWith("data: ")) {
                    Map<String, Object> message = JsonRpc.parse(line.substring(6)) instanceof JsonRpc.Parsed.Json json
                            ? JsonRpc.asMap(json.value()) : null;
                    if (message != null && !message.containsKey("method") && message.containsKey("id")) {
                        String key = CallWaits.key(session, message.get("id"));
                        if (waits.isCancelled(key)) {
                            waits.forget(key);
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
