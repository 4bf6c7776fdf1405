package dev.claudebottle.mcp;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SDK servlet's response as the client sees it: every error status carries a JSON-RPC error
 * object (never a serialized Java exception or a container error page); an event stream sends its
 * status line and headers at once, opened by a priming event with {@code retry:} for 2025-11-25
 * clients; the response to a request the client cancelled is not sent.
 */
final class ProtocolResponse extends HttpServletResponseWrapper {
    /** How long an SSE client waits before reconnecting to a stream that ended without its answer. */
    static final int RETRY_MILLIS = 2_000;
    static final String PRIMING_REVISION = "2025-11-25";

    private final String session;
    private final String revision;
    private final CallWaits waits;
    private final Heartbeat heartbeat;
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
            Heartbeat heartbeat) {
        super(response);
        this.session = session;
        this.revision = revision;
        this.waits = waits;
        this.heartbeat = heartbeat;
    }

    /**
     * Writes an SSE comment on every open event stream at a fixed interval, so an idle stream is
     * never taken for dead by the client (Node's fetch gives up on a body silent for 300 s) or by
     * a proxy in between. Ends for a stream as soon as writing to it fails.
     */
    static final class Heartbeat implements AutoCloseable {
        private final ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "mcp-sse-heartbeat");
                    thread.setDaemon(true);
                    return thread;
                });
        private final Duration every;

        Heartbeat(Duration every) {
            this.every = every;
        }

        void keepAlive(EventFilter stream) {
            var task = new AtomicReference<ScheduledFuture<?>>();
            task.set(timer.scheduleAtFixedRate(() -> {
                if (!stream.comment()) {
                    task.get().cancel(false);
                }
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
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
        writeError(getResponse(), sc, messageFor(sc, msg));
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
            heartbeat.keepAlive(events);
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

    /** Writes a JSON-RPC error body with this status, replacing whatever the response held. */
    static void writeError(jakarta.servlet.ServletResponse response, int sc, String message) throws IOException {
        writeError(response, sc, JsonRpc.error(null, codeFor(sc), message));
    }

    static void writeError(jakarta.servlet.ServletResponse response, int sc, Map<String, Object> error)
            throws IOException {
        HttpServletResponse http = (HttpServletResponse) response;
        if (http.isCommitted()) {
            return;
        }
        http.resetBuffer();
        http.setStatus(sc);
        http.setContentType("application/json");
        http.setCharacterEncoding("UTF-8");
        byte[] body = JsonRpc.write(error).getBytes(StandardCharsets.UTF_8);
        http.setContentLength(body.length);
        http.getOutputStream().write(body);
        http.flushBuffer();
    }

    static int codeFor(int status) {
        return switch (status) {
            case SC_NOT_FOUND -> JsonRpc.SESSION_NOT_FOUND;
            case SC_BAD_REQUEST, SC_METHOD_NOT_ALLOWED, SC_NOT_ACCEPTABLE, SC_UNSUPPORTED_MEDIA_TYPE,
                    SC_REQUEST_ENTITY_TOO_LARGE, SC_FORBIDDEN -> JsonRpc.INVALID_REQUEST;
            default -> JsonRpc.INTERNAL_ERROR;
        };
    }

    private static String messageFor(int status, String detail) {
        String base = switch (status) {
            case SC_NOT_FOUND -> "Session not found: it ended or never existed; start a new one with initialize "
                    + "(without Mcp-Session-Id)";
            case SC_METHOD_NOT_ALLOWED -> "Method not allowed: the MCP endpoint takes POST, GET and DELETE";
            case SC_REQUEST_ENTITY_TOO_LARGE -> "Request too large: a message is at most "
                    + SdkSuperviseServer.MAX_MESSAGE_BYTES + " bytes";
            case SC_SERVICE_UNAVAILABLE -> "The server is shutting down";
            case SC_BAD_REQUEST -> "Bad request";
            default -> "The server could not handle this request";
        };
        return detail == null || detail.isBlank() || status == SC_NOT_FOUND ? base : base + ": " + firstLine(detail);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
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
                writeError(getResponse(), status, status == SC_NOT_FOUND ? messageFor(status, null)
                        : messageFor(status, detail));
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
