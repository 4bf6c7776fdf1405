package dev.claudebottle.mcp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A JSON-RPC batch over HTTP in a 2025-03-26 session: each message goes to the SDK servlet as a
 * request of its own (detached from the real exchange: its own body, an async context that only
 * marks completion, a captured response), all at once, and the answers come back as one JSON array.
 * The member's request and response are {@link DetachedRequest} and {@link CapturedResponse}.
 */
final class HttpBatch {
    private final HttpServlet servlet;

    HttpBatch(HttpServlet servlet) {
        this.servlet = servlet;
    }

    /**
     * @param messages the batch's checked messages (already tagged), each with the answer it got
     *     from the check when it is not to be dispatched
     * @return the answers, in batch order, leaving out notifications and responses
     */
    List<Map<String, Object>> answer(HttpServletRequest http, HttpServletResponse real, List<Entry> messages) {
        List<Future<Map<String, Object>>> answers = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Entry entry : messages) {
                answers.add(each.submit(() -> entry.answer() != null ? entry.answer()
                        : dispatch(http, real, entry.message())));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Future<Map<String, Object>> answer : answers) {
            try {
                Map<String, Object> value = answer.get();
                if (value != null) {
                    out.add(value);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a batch member failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while answering a batch", e);
            }
        }
        return out;
    }

    /** One member: a message to dispatch, or the answer it already has. */
    record Entry(Map<String, Object> message, Map<String, Object> answer) {}

    private Map<String, Object> dispatch(HttpServletRequest http, HttpServletResponse real, Map<String, Object> message)
            throws Exception {
        byte[] body = JsonRpc.write(message).getBytes(StandardCharsets.UTF_8);
        CapturedResponse response = new CapturedResponse(real);
        DetachedRequest request = new DetachedRequest(http, body, response);
        servlet.service(request, response);
        Object id = message.get("id");
        if (id == null) {
            return null;
        }
        String text = response.text();
        if (response.status() >= 400) {
            return JsonRpc.error(id, ProtocolErrors.codeFor(response.status()), "the request failed with HTTP "
                    + response.status());
        }
        for (String line : text.split("\n")) {
            String json = line.startsWith("data: ") ? line.substring(6) : line;
            if (JsonRpc.parse(json) instanceof JsonRpc.Parsed.Json parsed && JsonRpc.asMap(parsed.value()) != null) {
                Map<String, Object> answer = JsonRpc.asMap(parsed.value());
                if (!answer.containsKey("method") && JsonRpc.idKey(id).equals(JsonRpc.idKey(answer.get("id")))) {
                    return answer;
                }
            }
        }
        return null; // cancelled: no answer
    }
}
