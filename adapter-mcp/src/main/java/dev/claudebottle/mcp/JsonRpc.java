package dev.claudebottle.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON-RPC 2.0 text as the supervise server's own layer sees it, before the SDK does: parsing, ids, error objects. */
final class JsonRpc {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** Not a JSON-RPC code: the session named by {@code Mcp-Session-Id} does not exist (any more). */
    static final int SESSION_NOT_FOUND = -32001;

    static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

    private JsonRpc() {}

    /** Parsed text: a map (one message), a list (a batch), or another JSON value; {@code null} when it is not JSON. */
    sealed interface Parsed {
        record Json(Object value) implements Parsed {}

        record NotJson(String problem) implements Parsed {}
    }

    static Parsed parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new Parsed.NotJson("the message is empty");
        }
        try {
            return new Parsed.Json(JSON.readValue(trimmed, Object.class));
        } catch (IOException | RuntimeException e) {
            return new Parsed.NotJson("the message is not JSON");
        }
    }

    /** An error response; {@code id} is {@code null} when the request's id could not be told. */
    static Map<String, Object> error(Object id, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put("error", error);
        return response;
    }

    static Map<String, Object> result(Object id, Object result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put("result", result);
        return response;
    }

    /** A valid request or response id: a string or an integral number (MCP forbids null). */
    static boolean validId(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long || id instanceof java.math.BigInteger
                || id instanceof Number n && isIntegral(n);
    }

    private static boolean isIntegral(Number n) {
        try {
            return new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The same key for the same id however it was typed in Java: "s:abc", "n:7". */
    static String idKey(Object id) {
        if (id instanceof String s) {
            return "s:" + s;
        }
        if (id instanceof Number n) {
            try {
                return "n:" + new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return "n:" + n;
            }
        }
        return "?:" + id;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    static boolean isBatch(Object value) {
        return value instanceof List<?>;
    }
}
