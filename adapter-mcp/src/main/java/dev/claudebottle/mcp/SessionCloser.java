package dev.claudebottle.mcp;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Ends a session inside the SDK servlet as its client's {@code DELETE} would: a request of its own,
 * built on the request at hand (so it passes the same checks), whose answer is thrown away.
 */
final class SessionCloser {
    private final HttpServlet mcp;

    SessionCloser(HttpServlet mcp) {
        this.mcp = mcp;
    }

    void close(HttpServletRequest current, HttpServletResponse real, String session) {
        try {
            mcp.service(new Deleting(current, session), new Discarded(real));
        } catch (IOException | ServletException | RuntimeException e) {
            // already gone, or the server is stopping: nothing left to end
        }
    }

    /** {@code DELETE} with the session's id and no body. */
    private static final class Deleting extends HttpServletRequestWrapper {
        private final String session;

        Deleting(HttpServletRequest request, String session) {
            super(request);
            this.session = session;
        }

        @Override
        public String getMethod() {
            return "DELETE";
        }

        @Override
        public String getHeader(String name) {
            if (HttpProtocolGate.SESSION_HEADER.equalsIgnoreCase(name)) {
                return session;
            }
            return "Content-Length".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpProtocolGate.SESSION_HEADER.equalsIgnoreCase(name)
                    ? Collections.enumeration(java.util.List.of(session)) : super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return 0;
        }

        @Override
        public long getContentLengthLong() {
            return 0;
        }
    }

    /** A response nobody reads: nothing reaches the real exchange. */
    private static final class Discarded extends HttpServletResponseWrapper {
        private final PrintWriter writer = new PrintWriter(OutputStream.nullOutputStream());

        Discarded(HttpServletResponse real) {
            super(real);
        }

        @Override public void setStatus(int sc) { }
        @Override public int getStatus() { return SC_OK; }
        @Override public void sendError(int sc) { }
        @Override public void sendError(int sc, String msg) { }
        @Override public void setHeader(String name, String value) { }
        @Override public void addHeader(String name, String value) { }
        @Override public void setIntHeader(String name, int value) { }
        @Override public void addIntHeader(String name, int value) { }
        @Override public void setContentType(String type) { }
        @Override public void setCharacterEncoding(String charset) { }
        @Override public void setContentLength(int len) { }
        @Override public void setContentLengthLong(long len) { }
        @Override public void flushBuffer() { }
        @Override public void resetBuffer() { }
        @Override public void reset() { }
        @Override public boolean isCommitted() { return false; }
        @Override public PrintWriter getWriter() { return writer; }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override public boolean isReady() { return true; }
                @Override public void setWriteListener(WriteListener listener) { }
                @Override public void write(int b) { }
                @Override public void write(byte[] b, int off, int len) { }
            };
        }
    }
}
