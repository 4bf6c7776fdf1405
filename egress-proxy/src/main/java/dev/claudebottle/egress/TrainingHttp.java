package dev.claudebottle.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The few HTTP/1.1 framing steps the AOT training's client and upstream need: a head, then a counted body. */
final class TrainingHttp {
    private static final int MAX_HEAD = 64 << 10;

    private TrainingHttp() {}

    /** The next message head up to and including its blank line, as text; null at the end of the stream before one. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the stream ended inside a message head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("message head over " + MAX_HEAD + " bytes");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status code of a response head. */
    static int status(String head) {
        return Integer.parseInt(head.substring(9, 12));
    }

    /** Reads and discards the body a {@code Content-Length} head announces; returns its length. */
    static long skipBody(InputStream in, String head) throws IOException {
        long length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        byte[] buffer = new byte[32 << 10];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the stream ended inside a body");
            }
            left -= n;
        }
        return length;
    }
}
