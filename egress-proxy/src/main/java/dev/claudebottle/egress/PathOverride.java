package dev.claudebottle.egress;

import dev.claudebottle.routes.Decision;
import dev.claudebottle.routes.RequestPath;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.RouteMatcher;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Optional;

/**
 * Path-override headers ({@code X-Original-URL}, {@code X-Rewrite-URL}, {@code X-Override-URL}),
 * which some servers and frameworks (IIS URL Rewrite, Symfony, some gateways) route by in place of
 * the request line's target. A request carrying one is forwarded only when every value is an
 * origin-form target that routes-core normalises and the routes allow for the same host, port and
 * method; otherwise it is refused, so {@code GET /repos/acme/x} plus {@code X-Original-URL: /admin}
 * cannot reach a path outside the route's {@code path_allowlist}.
 */
final class PathOverride {
    static final List<String> HEADERS = List.of("X-Original-URL", "X-Rewrite-URL", "X-Override-URL");

    private PathOverride() {}

    /** Why the request's path-override headers are refused, or empty when it has none or the routes allow every path they name. */
    static Optional<String> refusal(HttpHeaders headers, RouteMatcher matcher, Authority target, String method) {
        for (String header : HEADERS) {
            for (String value : headers.getAll(header)) {
                String shown = RequestRouting.abbreviate(value);
                if (!value.startsWith("/")) {
                    return Optional.of(header + " '" + shown + "' is not an origin-form path");
                }
                switch (RequestPath.of(value)) {
                    case RequestPath.Unsafe unsafe -> {
                        return Optional.of(header + " '" + shown + "' cannot be normalised unambiguously: " + unsafe.problem());
                    }
                    case RequestPath.Normalised normalised -> {
                        Decision decision = matcher.decide(new RequestTarget(target.host(), target.port(), method,
                                normalised.originForm()));
                        if (!decision.allowed()) {
                            return Optional.of(header + " names a path this request may not use: " + decision.explanation());
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
