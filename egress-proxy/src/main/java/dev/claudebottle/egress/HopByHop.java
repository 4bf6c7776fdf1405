package dev.claudebottle.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 7.6.1):
 * those named in {@code Connection}, and the standard hop-by-hop set, including
 * {@code Proxy-Authorization} so proxy credentials never travel upstream. Transfer-Encoding stays:
 * bodies are streamed with their framing.
 */
final class HopByHop {
    private static final List<CharSequence> ALWAYS = List.of(
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.TE,
            HttpHeaderNames.UPGRADE);

    private HopByHop() {}

    static void strip(HttpHeaders headers) {
        for (String listed : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : listed.split(",")) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase(HttpHeaderNames.TRANSFER_ENCODING.toString())) {
                    headers.remove(trimmed);
                }
            }
        }
        for (CharSequence name : ALWAYS) {
            headers.remove(name);
        }
    }
}
