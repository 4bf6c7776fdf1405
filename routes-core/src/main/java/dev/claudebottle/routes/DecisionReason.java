package dev.claudebottle.routes;

/** Why a request was allowed or denied; {@link #code()} is what egress-proxy puts in {@code X-Egress-Proxy-Block}. */
public enum DecisionReason {
    ALLOWED("allowed"),
    HOST_NOT_ALLOWED("host-not-allowed"),
    PORT_NOT_ALLOWED("port-not-allowed"),
    PATH_NOT_ALLOWED("path-not-allowed"),
    METHOD_NOT_ALLOWED("method-not-allowed"),
    UNSAFE_PATH("unsafe-path"),
    /** The one route for the host and port had an {@code expires} that has passed: a time-boxed grant ended. */
    GRANT_EXPIRED("grant-expired"),
    INVALID_HOST("invalid-host");

    private final String code;

    DecisionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
