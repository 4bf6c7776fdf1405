package dev.claudebottle.routes;

import java.util.Optional;

/**
 * The matcher's answer for one request, with its explanation.
 *
 * @param route       the one route that applied: present whenever a route covers the request's host and
 *                    port, allowed or not; empty for INVALID_HOST, HOST_NOT_ALLOWED and PORT_NOT_ALLOWED
 * @param explanation one human sentence: which route, which rule
 */
public record Decision(Verdict verdict, DecisionReason reason, Optional<Route> route, String explanation) {
    public Decision {
        if ((verdict == Verdict.ALLOW) != (reason == DecisionReason.ALLOWED)) {
            throw new IllegalArgumentException("verdict " + verdict + " contradicts reason " + reason);
        }
        if (verdict == Verdict.ALLOW && route.isEmpty()) {
            throw new IllegalArgumentException("an allow names its route");
        }
    }

    public boolean allowed() {
        return verdict == Verdict.ALLOW;
    }
}
