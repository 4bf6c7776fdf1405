package dev.claudebottle.mcp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A JSON-RPC batch over HTTP in a 2025-03-26 session: each message goes to the SDK servlet as a
 * request of its own (detached from the real exchange: its own body, an async context that only
 * marks completion, a captured response), all at once, and the answers come back as one JSON array.
 */
final class HttpBatch {
    private final HttpServlet servlet;

    HttpBatch(HttpServlet servlet) {
        this.servlet = servlet;
    }

    /**
     * @param messages the batch's checked messages (already tagged), each with the answer it got
     *     from the check when it is not to be dispatched
     * @return the answers, in batch order, leaving out notifications and responses
     */
    List<Map<String, Object>> answer(HttpServletRequest http, HttpServletResponse real, List<Entry> messages) {
        List<Future<Map<String, Object>>> answers = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Entry entry : messages) {
                answers.add(each.submit(() -> entry.answer() != null ? entry.answer()
                        : dispatch(http, real, entry.message())));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Future<Map<String, Object>> answer : answers) {
            try {
                Map<String, Object> value = answer.get();
                if (value != null) {
                    out.add(value);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a batch member failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while answering a batch", e);
            }
        }
        return out;
    }

    /** One member: a message to dispatch, or the answer it already has. */
    record Entry(Map<String, Object> message, Map<String, Object> answer) {}

    private Map<String, Object> dispatch(HttpServletRequest http, HttpServletResponse real, Map<String, Object> message)
            throws Exception {
        byte[] body = JsonRpc.write(message).getBytes(StandardCharsets.UTF_8);
        Captured response = new Captured(real);
        Detached request = new Detached(http, body, response);
        servlet.service(request, response);
        Object id = message.get("id");
        if (id == null) {
            return null;
        }
        String text = response.text();
        if (response.status >= 400) {
            return JsonRpc.error(id, ProtocolResponse.codeFor(response.status), "the request failed with HTTP "
                    + response.status);
        }
        for (String line : text.split("\n")) {
            String json = line.startsWith("data: ") ? line.substring(6) : line;
            if (JsonRpc.parse(json) instanceof JsonRpc.Parsed.Json parsed && JsonRpc.asMap(parsed.value()) != null) {
                Map<String, Object> answer = JsonRpc.asMap(parsed.value());
                if (!answer.containsKey("method") && JsonRpc.idKey(id).equals(JsonRpc.idKey(answer.get("id")))) {
                    return answer;
                }
            }
        }
        return null; // cancelled: no answer
    }

    /** The response the servlet writes for one member, kept here. */
    private static final class Captured extends HttpServletResponseWrapper {
        private final StringWriter text = new StringWriter();
        private final PrintWriter writer = new PrintWriter(text);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int status = SC_OK;
        private String contentType;

        Captured(HttpServletResponse real) {
            super(real);
        }

        synchronized String text() {
            writer.flush();
            return text + bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int sc) {
            status = sc;
        }

        @Override
        public void sendError(int sc, String msg) {
            status = sc;
        }

        @Override
        public void setContentType(String type) {
            contentType = type;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public void setCharacterEncoding(String charset) {
            // captured as text
        }

        @Override
        public void setHeader(String name, String value) {
            // a member's headers do not reach the batch's response
        }

        @Override
        public void addHeader(String name, String value) {
            // a member's headers do not reach the batch's response
        }

        @Override
        public void setContentLength(int len) {
            // captured
        }

        @Override
        public void setContentLengthLong(long len) {
            // captured
        }

        @Override
        public PrintWriter getWriter() {
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }
            };
        }

        @Override
        public void flushBuffer() {
            writer.flush();
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        @Override
        public void resetBuffer() {
            text.getBuffer().setLength(0);
            bytes.reset();
        }

        @Override
        public void reset() {
            resetBuffer();
            status = SC_OK;
        }
    }

    /** A member's own request: its body, and an async context that completes nothing real. */
    private static final class Detached extends RequestWithBody {
        private final Captured response;
        private volatile AsyncContext async;

        Detached(HttpServletRequest request, byte[] body, Captured response) {
            super(request, body);
            this.response = response;
        }

        @Override
        public AsyncContext startAsync() {
            return startAsync(this, response);
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
            AsyncContext context = new MarkerAsync(request, servletResponse);
            async = context;
            return context;
        }

        @Override
        public boolean isAsyncStarted() {
            return async != null;
        }

        @Override
        public AsyncContext getAsyncContext() {
            return async;
        }
    }

    /** Completion is all the SDK asks of it here; the member's response is read once the servlet returns. */
    private record MarkerAsync(ServletRequest request, ServletResponse response) implements AsyncContext {
        @Override
        public ServletRequest getRequest() {
            return request;
        }

        @Override
        public ServletResponse getResponse() {
            return response;
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return false;
        }

        @Override
        public void dispatch() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dispatch(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dispatch(ServletContext context, String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
            // nothing real to complete
        }

        @Override
        public void start(Runnable run) {
            Thread.ofVirtual().start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            // a member never times out or fails on its own
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            // as above
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setTimeout(long timeout) {
            // none
        }

        @Override
        public long getTimeout() {
            return 0;
        }
    }
}
