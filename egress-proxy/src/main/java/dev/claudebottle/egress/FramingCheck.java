package dev.claudebottle.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a request whose body length two HTTP parsers could read differently (RFC 9112 section
 * 6.3), so the proxy and the upstream always agree where one request ends and the next begins. The
 * only framings forwarded: no body, one decimal {@code Content-Length}, or one {@code
 * Transfer-Encoding} line whose whole value is {@code chunked} (forwarded as exactly that) in an
 * HTTP/1.1 request without {@code Content-Length}.
 */
final class FramingCheck {
    private FramingCheck() {}

    /** Why the request's framing is ambiguous, or empty (then its Transfer-Encoding, if any, reads exactly {@code chunked}). */
    static Optional<String> problem(HttpRequest request) {
        HttpHeaders headers = request.headers();
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (codings.size() > 1) {
            return Optional.of("several Transfer-Encoding header lines (" + codings.size() + ")");
        }
        if (codings.size() == 1) {
            String coding = codings.get(0);
            if (!withoutOptionalWhitespace(coding).equalsIgnoreCase("chunked")) {
                return Optional.of("Transfer-Encoding '" + RequestRouting.abbreviate(coding)
                        + "' is not exactly 'chunked', the only coding this proxy forwards");
            }
            if (!lengths.isEmpty()) {
                return Optional.of("Transfer-Encoding together with Content-Length");
            }
            if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
                return Optional.of("Transfer-Encoding in an " + request.protocolVersion() + " request");
            }
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (lengths.size() > 1) {
            return Optional.of("several Content-Length header lines (" + lengths.size() + ")");
        }
        if (lengths.size() == 1 && !lengths.get(0).matches("[0-9]{1,18}")) {
            return Optional.of("Content-Length '" + RequestRouting.abbreviate(lengths.get(0))
                    + "' is not a decimal number");
        }
        return Optional.empty();
    }

    /** The value without leading and trailing spaces and tabs (RFC 9110 OWS), and nothing else trimmed. */
    private static String withoutOptionalWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }
}
