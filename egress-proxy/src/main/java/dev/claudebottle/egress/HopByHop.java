package dev.claudebottle.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 7.6.1):
 * those named in {@code Connection}, and the standard hop-by-hop set, including
 * {@code Proxy-Authorization} so proxy credentials never travel upstream. The fields that define
 * the message stay whatever {@code Connection} lists: {@code Content-Length} and
 * {@code Transfer-Encoding} (bodies are streamed with their framing; without it the upstream would
 * read the body as a request of its own, one the matcher never decided) and {@code Host}.
 */
final class HopByHop {
    private static final List<CharSequence> ALWAYS = List.of(
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.TE,
            HttpHeaderNames.UPGRADE);
    /** Never removed because {@code Connection} names them: they frame and address the message itself. */
    private static final List<String> MESSAGE_FIELDS = List.of(HttpHeaderNames.CONTENT_LENGTH.toString(),
            HttpHeaderNames.TRANSFER_ENCODING.toString(), HttpHeaderNames.HOST.toString());

    private HopByHop() {}

    static void strip(HttpHeaders headers) {
        for (String listed : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : listed.split(",")) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty() && MESSAGE_FIELDS.stream().noneMatch(trimmed::equalsIgnoreCase)) {
                    headers.remove(trimmed);
                }
            }
        }
        for (CharSequence name : ALWAYS) {
            headers.remove(name);
        }
    }
}
