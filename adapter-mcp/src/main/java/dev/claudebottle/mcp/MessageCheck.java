package dev.claudebottle.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one incoming JSON-RPC message before the SDK sees it, so that a malformed message gets a
 * JSON-RPC error that says what is wrong instead of an exception text, a hang or silence. The same
 * rules hold on stdio and HTTP.
 */
final class MessageCheck {
    static final List<String> LOG_LEVELS =
            List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private final Set<String> toolNames;

    MessageCheck(Set<String> toolNames) {
        this.toolNames = Set.copyOf(toolNames);
    }

    /** What to do with a message. */
    sealed interface Verdict {
        /** Hand it to the SDK. */
        record Pass(Map<String, Object> message) implements Verdict {}

        /** Answer it with this error response and do not hand it on. */
        record Answer(Map<String, Object> error) implements Verdict {
            int code() {
                return (Integer) JsonRpc.asMap(error.get("error")).get("code");
            }
        }

        /** A notification that cannot be used: nothing is answered (JSON-RPC never answers a notification). */
        record Drop(String why) implements Verdict {}
    }

    Verdict check(Object value) {
        Map<String, Object> message = JsonRpc.asMap(value);
        if (message == null) {
            return invalid(null, "a JSON-RPC message must be a JSON object");
        }
        boolean hasId = message.containsKey("id");
        Object id = message.get("id");
        Object answerId = hasId && JsonRpc.validId(id) ? id : null;
        if (!"2.0".equals(message.get("jsonrpc"))) {
            return invalid(answerId, "\"jsonrpc\" must be \"2.0\"");
        }
        if (hasId && !JsonRpc.validId(id)) {
            return invalid(null, "\"id\" must be a string or an integer (not null)");
        }
        if (message.containsKey("method")) {
            return checkCall(message, hasId, id);
        }
        if (message.containsKey("result") || message.containsKey("error")) {
            if (!hasId || message.containsKey("result") == message.containsKey("error")) {
                return invalid(null, "a response needs an \"id\" and exactly one of \"result\" and \"error\"");
            }
            return new Verdict.Pass(message);
        }
        return invalid(answerId, "a JSON-RPC message needs a \"method\" (request or notification) or a "
                + "\"result\"/\"error\" (response)");
    }

    private Verdict checkCall(Map<String, Object> message, boolean hasId, Object id) {
        if (!(message.get("method") instanceof String method) || method.isEmpty()) {
            return hasId ? invalid(id, "\"method\" must be a non-empty string") : new Verdict.Drop("method not a string");
        }
        if (message.containsKey("result") || message.containsKey("error")) {
            return hasId ? invalid(id, "a request cannot carry \"result\" or \"error\"") : new Verdict.Drop("mixed");
        }
        Object params = message.get("params");
        if (params != null && !(params instanceof Map)) {
            return hasId ? invalidParams(id, "\"params\" of " + method + " must be a JSON object")
                    : new Verdict.Drop("params not an object");
        }
        if (!hasId) {
            // this server uses no roots; passed on, the SDK would ask the client for them (roots/list)
            return method.equals("notifications/roots/list_changed") ? new Verdict.Drop("roots are not used")
                    : new Verdict.Pass(message);
        }
        Map<String, Object> p = JsonRpc.asMap(params);
        return switch (method) {
            case "initialize" -> p == null || !(p.get("protocolVersion") instanceof String)
                    ? invalidParams(id, "initialize needs params with \"protocolVersion\" (a string), "
                            + "\"capabilities\" and \"clientInfo\"")
                    : new Verdict.Pass(message);
            case "tools/call" -> checkToolCall(message, id, p);
            case "logging/setLevel" -> p == null || !(p.get("level") instanceof String level)
                    || !LOG_LEVELS.contains(level)
                    ? invalidParams(id, "logging/setLevel needs params.level, one of " + String.join(", ", LOG_LEVELS)
                            + "; got " + (p == null ? "no params" : describe(p.get("level"))))
                    : new Verdict.Pass(message);
            default -> new Verdict.Pass(message);
        };
    }

    private Verdict checkToolCall(Map<String, Object> message, Object id, Map<String, Object> params) {
        if (params == null) {
            return invalidParams(id, "tools/call needs params: {\"name\": \"<tool>\", \"arguments\": {...}}");
        }
        if (!(params.get("name") instanceof String name)) {
            return invalidParams(id, "tools/call needs params.name, the tool's name (a string); got "
                    + describe(params.get("name")));
        }
        if (!toolNames.contains(name)) {
            return invalidParams(id, "Unknown tool: '" + name + "'. This server's tools are "
                    + String.join(" and ", toolNames.stream().sorted().toList()) + ".");
        }
        Object arguments = params.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) {
            return invalidParams(id, "params.arguments of tools/call " + name + " must be a JSON object; got "
                    + describe(arguments));
        }
        return new Verdict.Pass(message);
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    private static Verdict invalid(Object id, String message) {
        return new Verdict.Answer(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid request: " + message));
    }

    private static Verdict invalidParams(Object id, String message) {
        return new Verdict.Answer(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: " + message));
    }
}
