package dev.claudebottle.mcp;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The response the SDK servlet writes for one member of a batch, kept here instead of reaching the
 * real exchange: its status and its text (writer and stream), no headers. Read with {@link #text()}
 * once the servlet returned.
 */
final class CapturedResponse extends HttpServletResponseWrapper {
    private final StringWriter text = new StringWriter();
    private final PrintWriter writer = new PrintWriter(text);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int status = SC_OK;
    private String contentType;

    CapturedResponse(HttpServletResponse real) {
        super(real);
    }

    int status() {
        return status;
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
