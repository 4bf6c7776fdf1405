package dev.claudebottle.egress;

import dev.claudebottle.routes.Decision;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.RouteMatcher;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Method-override headers ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code
 * X-Method-Override}), which many APIs honour in place of the request line's method. A request
 * carrying one is forwarded only when every method it names (comma-separated lists included, case
 * ignored) is itself allowed for the same host, port and path; otherwise it is refused, so a route's
 * {@code methods:} cannot be bypassed with {@code POST} plus {@code X-HTTP-Method-Override: DELETE}.
 */
final class MethodOverride {
    static final List<String> HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private MethodOverride() {}

    /** Why the request's override headers are refused, or empty when it has none or the route allows every method they name. */
    static Optional<String> refusal(HttpHeaders headers, RouteMatcher matcher, Authority target, String originForm) {
        for (String header : HEADERS) {
            for (String value : headers.getAll(header)) {
                for (String part : value.split(",", -1)) {
                    String method = part.strip().toUpperCase(Locale.ROOT);
                    if (!method.matches("[A-Z0-9!#$%&'*+.^_`|~-]+")) {
                        return Optional.of(header + " '" + RequestRouting.abbreviate(value) + "' does not name a method");
                    }
                    if (RequestHeadCheck.REFUSED_METHODS.contains(method)) {
                        return Optional.of(header + ": " + method + " names a method refused on every route");
                    }
                    Decision decision = matcher.decide(new RequestTarget(target.host(), target.port(), method, originForm));
                    if (!decision.allowed()) {
                        return Optional.of(header + ": " + method + " names a method this request may not use: "
                                + decision.explanation());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
