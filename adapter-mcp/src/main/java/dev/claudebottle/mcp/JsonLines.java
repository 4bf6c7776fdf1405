package dev.claudebottle.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Newline-delimited JSON-RPC on a pair of streams, the stdio transport's framing: lines read one at a
 * time within a size limit (a longer line is skipped whole and reported as {@link #TOO_LONG}), lines
 * written whole under a lock. Once writing fails the output is taken as gone and nothing more is written.
 * {@link #read} is for one reader thread; {@link #write} may be called from any thread.
 */
final class JsonLines {
    /** What {@link #read} returns for a line over the limit (compare by identity). */
    static final byte[] TOO_LONG = new byte[0];
    private static final Logger LOG = LoggerFactory.getLogger(JsonLines.class);

    private final InputStream in;
    private final OutputStream out;
    private final int maxLineBytes;
    private final Object writing = new Object();
    private volatile boolean outputBroken;

    JsonLines(InputStream in, OutputStream out, int maxLineBytes) {
        this.in = in;
        this.out = out;
        this.maxLineBytes = maxLineBytes;
    }

    int maxLineBytes() {
        return maxLineBytes;
    }

    /** Whether writing failed (the reader of the output is gone). */
    boolean outputBroken() {
        return outputBroken;
    }

    /** One line without its terminator ({@code \n} or {@code \r\n}); {@link #TOO_LONG} when over the limit; null at EOF. */
    byte[] read() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return tooLong ? TOO_LONG : stripCr(line.toByteArray());
            }
            if (!tooLong) {
                if (line.size() >= maxLineBytes) {
                    tooLong = true;
                    line = new ByteArrayOutputStream();
                } else {
                    line.write(b);
                }
            }
        }
        if (tooLong) {
            return TOO_LONG;
        }
        return line.size() == 0 ? null : stripCr(line.toByteArray());
    }

    private static byte[] stripCr(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
    }

    /** Writes one message as a line and flushes; does nothing once the output is broken. */
    void write(String json) {
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writing) {
            if (outputBroken) {
                return;
            }
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                outputBroken = true;
                LOG.info("stdout is closed, so nothing more is sent: {}", e.toString());
            }
        }
    }
}
