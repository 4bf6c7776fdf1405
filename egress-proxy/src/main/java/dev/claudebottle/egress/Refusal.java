package dev.claudebottle.egress;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the proxy refuses on its form, whatever the routes say, before any upstream connection:
 * the status (400 or 405), the {@code X-Egress-Proxy-Block} reason, the explanation, and whether the
 * client connection must close afterwards (when what follows the head cannot be trusted to be framed
 * as the proxy read it).
 */
record Refusal(HttpResponseStatus status, String reason, String explanation, boolean closeConnection) {

    static Refusal badRequest(String reason, String explanation, boolean closeConnection) {
        return new Refusal(HttpResponseStatus.BAD_REQUEST, reason, explanation, closeConnection);
    }
}
