package dev.claudebottle.egress;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the credential the proxy injected into a request out of that request's response headers
 * and trailers: an upstream that echoes request headers (a debug endpoint, a redirect or cookie
 * carrying the token, a challenge) would otherwise hand the agent the secret it must never hold.
 * Each occurrence in a value is replaced by {@link #MARK}; a header whose name holds it is dropped.
 * Response bodies are not inspected.
 */
final class ReflectedSecret {
    static final String MARK = "[redacted by egress-proxy]";

    private ReflectedSecret() {}

    /** Removes {@code secret} (null: nothing was injected) from every header name and value. */
    static void redact(HttpHeaders headers, String secret) {
        if (secret == null || secret.isEmpty() || headers.isEmpty()) {
            return;
        }
        List<Map.Entry<String, String>> entries = headers.entries();
        boolean found = false;
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().contains(secret) || e.getValue().contains(secret)) {
                found = true;
                break;
            }
        }
        if (!found) {
            return;
        }
        List<Map.Entry<String, String>> kept = new ArrayList<>(entries);
        headers.clear();
        for (Map.Entry<String, String> e : kept) {
            if (!e.getKey().contains(secret)) {
                headers.add(e.getKey(), e.getValue().replace(secret, MARK));
            }
        }
    }
}
