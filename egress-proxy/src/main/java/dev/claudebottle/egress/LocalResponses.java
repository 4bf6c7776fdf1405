package dev.claudebottle.egress;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The responses the proxy writes itself: the 403 block (with the hint the agent acts on) and gateway errors. */
final class LocalResponses {
    static final String BLOCK_HEADER = "X-Egress-Proxy-Block";
    static final String ERROR_HEADER = "X-Egress-Proxy-Error";
    /** What a 405 names in {@code Allow}: the methods the proxy forwards at all (each route may allow fewer). */
    static final String FORWARDABLE_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ROUTES_PATH = dev.claudebottle.egress.contract.EgressProxyPaths.AGENT_CURRENT_ROUTES;
    static final String HINT = "This request is outside the bottle's egress routes. To ask for access, read " + ROUTES_PATH
            + ", write a modified copy that allows this request, and call the `egress-proxy-block` MCP tool on the supervise"
            + " server with the full new file and a justification. Retry the request once the tool returns applied.";

    static final String GRANT_EXPIRED_HINT = "The time-boxed grant that allowed this request has expired, so it is denied now."
            + " You may ask for it again: read " + ROUTES_PATH + ", write a modified copy that allows this request, and call the"
            + " `egress-proxy-block` MCP tool on the supervise server with the full new file and a justification.";

    private LocalResponses() {}

    /** 403 with {@code X-Egress-Proxy-Block: reason} and a JSON body naming the request and what to do. */
    static FullHttpResponse blocked(String host, int port, String method, String path, String reason, String explanation,
            Optional<String> routesSha256) {
        Map<String, Object> body = blockBody(host, port, method, path, reason, explanation, routesSha256);
        body.put("routes_file", ROUTES_PATH);
        body.put("mcp_tool", "egress-proxy-block");
        body.put("hint", "grant-expired".equals(reason) ? GRANT_EXPIRED_HINT : HINT);
        FullHttpResponse response = json(HttpResponseStatus.FORBIDDEN, JsonText.object(body));
        response.headers().set(BLOCK_HEADER, reason);
        return response;
    }

    /** The fields every block answer's JSON body starts with: the request, why, and the routes it was decided by. */
    private static Map<String, Object> blockBody(String host, int port, String method, String path, String reason,
            String explanation, Optional<String> routesSha256) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "egress-proxy-block");
        body.put("host", host);
        body.put("port", port);
        body.put("method", method);
        body.put("path", DecisionLog.withoutQuery(path));
        body.put("reason", reason);
        body.put("explanation", explanation);
        body.put("routes_sha256", routesSha256.orElse(null));
        return body;
    }

    /**
     * A request refused on its form ({@link Refusal}): the refusal's status, {@code X-Egress-Proxy-Block:
     * reason}, and the same JSON body as a 403 except that the hint says no routes change helps.
     */
    static FullHttpResponse refused(Refusal refusal, String host, int port, String method, String path,
            Optional<String> routesSha256) {
        Map<String, Object> body = blockBody(host, port, method, path, refusal.reason(), refusal.explanation(), routesSha256);
        body.put("hint", "The egress proxy refuses this request whatever the routes allow; no routes change will let it"
                + " through. Send it in a plain, unambiguous form.");
        FullHttpResponse response = json(refusal.status(), JsonText.object(body));
        response.headers().set(BLOCK_HEADER, refusal.reason());
        if (refusal.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, FORWARDABLE_METHODS); // RFC 9110 15.5.6; the routes may allow fewer
        }
        return response;
    }

    /** An error the proxy itself answers with (400, 414, 431, 502, 503, 504): header and body say which and why. */
    static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("status", status.code());
        body.put("message", message);
        FullHttpResponse response = json(status, JsonText.object(body));
        response.headers().set(ERROR_HEADER, code);
        return response;
    }

    /** The answer to a request the HTTP decoder refused: 431, 414 or 400, saying which limit. */
    static FullHttpResponse forDecodeFailure(Throwable cause, ProxyOptions.Limits limits) {
        if (cause instanceof TooLongHttpHeaderException) {
            return error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                    "request headers exceed " + limits.maxHeaderBytes() + " bytes");
        }
        if (cause instanceof TooLongHttpLineException) {
            return error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request-line-too-long",
                    "request line exceeds " + limits.maxInitialLineBytes() + " bytes");
        }
        if (cause instanceof TooLongFrameException) {
            return error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request-too-large", "request head too large");
        }
        return error(HttpResponseStatus.BAD_REQUEST, "malformed-request", "malformed HTTP request");
    }

    private static FullHttpResponse json(HttpResponseStatus status, String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }
}
