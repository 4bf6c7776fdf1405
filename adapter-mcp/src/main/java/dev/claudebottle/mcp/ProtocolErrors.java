package dev.claudebottle.mcp;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The MCP endpoint's error answers over HTTP: a JSON-RPC error object as the body of every error
 * status (never a container error page), the JSON-RPC code that goes with an HTTP status, and the
 * message a status says when the SDK or the container gave none worth showing.
 */
final class ProtocolErrors {
    private ProtocolErrors() {}

    /** Writes a JSON-RPC error body with this status, replacing whatever the response held (nothing, once committed). */
    static void write(ServletResponse response, int sc, String message) throws IOException {
        write(response, sc, JsonRpc.error(null, codeFor(sc), message));
    }

    static void write(ServletResponse response, int sc, Map<String, Object> error) throws IOException {
        HttpServletResponse http = (HttpServletResponse) response;
        if (http.isCommitted()) {
            return;
        }
        http.resetBuffer();
        http.setStatus(sc);
        http.setContentType("application/json");
        http.setCharacterEncoding("UTF-8");
        byte[] body = JsonRpc.write(error).getBytes(StandardCharsets.UTF_8);
        http.setContentLength(body.length);
        http.getOutputStream().write(body);
        http.flushBuffer();
    }

    /** The JSON-RPC error code for an HTTP error status. */
    static int codeFor(int status) {
        return switch (status) {
            case HttpServletResponse.SC_NOT_FOUND -> JsonRpc.SESSION_NOT_FOUND;
            case HttpServletResponse.SC_BAD_REQUEST, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    HttpServletResponse.SC_NOT_ACCEPTABLE, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, HttpServletResponse.SC_FORBIDDEN -> JsonRpc.INVALID_REQUEST;
            default -> JsonRpc.INTERNAL_ERROR;
        };
    }

    /** What an error status means to an MCP client, with the first line of {@code detail} when there is one (not for 404). */
    static String messageFor(int status, String detail) {
        String base = switch (status) {
            case HttpServletResponse.SC_NOT_FOUND -> "Session not found: it ended or never existed; start a new one with initialize "
                    + "(without Mcp-Session-Id)";
            case HttpServletResponse.SC_METHOD_NOT_ALLOWED -> "Method not allowed: the MCP endpoint takes POST, GET and DELETE";
            case HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE -> "Request too large: a message is at most "
                    + SdkSuperviseServer.MAX_MESSAGE_BYTES + " bytes";
            case HttpServletResponse.SC_SERVICE_UNAVAILABLE -> "The server is shutting down";
            case HttpServletResponse.SC_BAD_REQUEST -> "Bad request";
            default -> "The server could not handle this request";
        };
        return detail == null || detail.isBlank() || status == HttpServletResponse.SC_NOT_FOUND ? base : base + ": " + firstLine(detail);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
