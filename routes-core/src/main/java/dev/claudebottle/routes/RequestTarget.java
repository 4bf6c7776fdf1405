package dev.claudebottle.routes;

/**
 * A request as the proxy sees it, before any normalisation: the host (as sent; any case, maybe a
 * trailing dot), the port, the method and the raw path (origin-form, may carry a query).
 */
public record RequestTarget(String host, int port, String method, String rawPath) {
    public RequestTarget {
        if (host == null || method == null || rawPath == null) {
            throw new IllegalArgumentException("host, method and path are required");
        }
    }
}
