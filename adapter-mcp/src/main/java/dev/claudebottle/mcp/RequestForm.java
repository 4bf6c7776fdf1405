package dev.claudebottle.mcp;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The form of an HTTP request to the MCP endpoint, as {@link HttpProtocolGate} checks it: the media
 * types it accepts and sends, its body read whole within a limit, or read to its end (up to a bound)
 * so a refusal is not answered by a connection reset. Stateless.
 */
final class RequestForm {
    /** Past this a body over the limit is no longer read to its end; the connection is closed after the 413. */
    static final long MAX_DISCARD_BYTES = 64L * 1024 * 1024;

    private RequestForm() {}

    /** The whole body, or null when it is over {@code maxBytes} (then it was read to its end, up to a bound). */
    static byte[] readBody(HttpServletRequest http, int maxBytes) throws IOException {
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
    static void discardBody(HttpServletRequest http) {
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

    /** Whether the request's {@code Accept} headers take {@code type} (wildcards included). */
    static boolean accepts(HttpServletRequest http, String type) {
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

    /** A media type without its parameters, lower case. */
    static String mediaType(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** A header value as it may be shown back: printable ASCII only, at most 40 characters, quoted. */
    static String printable(String text) {
        String clean = text.codePoints().filter(c -> c >= 0x20 && c < 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "'" + (clean.length() > 40 ? clean.substring(0, 40) + "…" : clean) + "'";
    }
}
