package dev.claudebottle.egress;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why an upstream connection could not be made. {@link Kind#PRIVATE_ADDRESS} is a policy refusal
 * (403); the others are gateway errors (502, or 504 for timeouts). Messages name hosts and
 * addresses, never request headers or secrets.
 */
final class UpstreamFailure extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        PRIVATE_ADDRESS("private-address", HttpResponseStatus.FORBIDDEN),
        DNS_FAILED("upstream-dns-failed", HttpResponseStatus.BAD_GATEWAY),
        CONNECT_FAILED("upstream-connect-failed", HttpResponseStatus.BAD_GATEWAY),
        CONNECT_TIMEOUT("upstream-connect-timeout", HttpResponseStatus.GATEWAY_TIMEOUT),
        TLS_FAILED("upstream-tls-failed", HttpResponseStatus.BAD_GATEWAY);

        final String code;
        final HttpResponseStatus status;

        Kind(String code, HttpResponseStatus status) {
            this.code = code;
            this.status = status;
        }
    }

    private final Kind kind;

    UpstreamFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
