package dev.claudebottle.routes;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides requests against one immutable {@link Routes} snapshot. Thread-safe; build once per
 * snapshot (hosts are indexed and path patterns compiled here), then {@link #decide} costs a few
 * hash probes and a walk over the request's path segments, whatever the number of routes.
 *
 * <p>Order of checks: host syntax ({@link DecisionReason#INVALID_HOST}), the one route for host and
 * port ({@link DecisionReason#HOST_NOT_ALLOWED}, {@link DecisionReason#PORT_NOT_ALLOWED}), path
 * the route's expiry ({@link DecisionReason#GRANT_EXPIRED}), path
 * safety ({@link DecisionReason#UNSAFE_PATH}), that route's path allowlist
 * ({@link DecisionReason#PATH_NOT_ALLOWED}), then its methods ({@link DecisionReason#METHOD_NOT_ALLOWED}).
 * Exactly one route applies: an exact host beats a wildcard, a longer wildcard suffix beats a shorter
 * one; if that route refuses the path or method, no less specific route is tried. An expired route
 * still applies (and denies): its requests never fall through to a wider wildcard route.
 */
public final class RouteMatcher {
    private final Routes routes;
    private final HostIndex index;

    private RouteMatcher(Routes routes) {
        this.routes = routes;
        this.index = HostIndex.build(routes.routes());
    }

    /** @throws IllegalArgumentException if two routes cover the same host and port (the parser rejects such files) */
    public static RouteMatcher of(Routes routes) {
        return new RouteMatcher(routes);
    }

    public Routes routes() {
        return routes;
    }

    /** Decides as of the system clock's current instant (see {@link #decide(RequestTarget, Instant)}). */
    public Decision decide(RequestTarget request) {
        return decide(request, Instant.now());
    }

    /** Decides {@code request} as of {@code now}: a route whose {@code expires} is at or before {@code now} denies. */
    public Decision decide(RequestTarget request, Instant now) {
        String host;
        boolean ipLiteral;
        switch (RequestHost.of(request.host())) {
            case RequestHost.DnsName name -> {
                host = name.canonical();
                ipLiteral = false;
            }
            case RequestHost.IpLiteral ip -> {
                host = ip.canonical();
                ipLiteral = true;
            }
            case RequestHost.Invalid invalid -> {
                return deny(DecisionReason.INVALID_HOST, Optional.empty(),
                        "invalid host " + DisplayText.quote(invalid.raw()) + ": " + invalid.problem());
            }
        }
        CompiledRoute route = index.find(host, ipLiteral, request.port());
        if (route == null) {
            return hostOrPortDenial(host, ipLiteral, request.port());
        }
        if (route.route().orElseThrow().expiredAt(now)) {
            return deny(DecisionReason.GRANT_EXPIRED, route.route(), route.label() + " was granted until "
                    + RoutesWriter.expiry(route.route().orElseThrow().expires().orElseThrow())
                    + "; that grant has expired, so the request is denied (the agent may propose the change again)");
        }
        return switch (RequestPath.of(request.rawPath())) {
            case RequestPath.Unsafe unsafe -> deny(DecisionReason.UNSAFE_PATH, route.route(), route.label()
                    + " cannot judge path " + DisplayText.quote(unsafe.rawTarget()) + ": " + unsafe.problem());
            case RequestPath.Normalised path -> decidePathAndMethod(route, request, path.path());
        };
    }

    private Decision hostOrPortDenial(String host, boolean ipLiteral, int port) {
        CompiledRoute otherPort = index.findOnAnyPort(host, ipLiteral);
        if (otherPort == null) {
            return deny(DecisionReason.HOST_NOT_ALLOWED, Optional.empty(), "no route for host " + host);
        }
        return deny(DecisionReason.PORT_NOT_ALLOWED, Optional.empty(),
                "no route for " + host + " on port " + port + " (" + otherPort.label() + " covers this host on another port)");
    }

    private static Decision decidePathAndMethod(CompiledRoute route, RequestTarget request, String path) {
        PathGlob via = null;
        if (route.restrictsPaths()) {
            via = route.firstMatch(PathGlob.splitSegments(path));
            if (via == null) {
                return deny(DecisionReason.PATH_NOT_ALLOWED, route.route(), route.label() + " does not allow path "
                        + path + normalisedFrom(path, request.rawPath()) + " (path_allowlist: " + route.allowlistText() + ")");
            }
        }
        String method = request.method();
        if (!route.allowsMethod(method)) {
            return deny(DecisionReason.METHOD_NOT_ALLOWED, route.route(), route.label() + " allows path " + path
                    + " but not method " + DisplayText.token(method) + " (methods: " + route.methodsText() + ")");
        }
        String rule = via == null ? " (any path)" : " via " + via;
        return new Decision(Verdict.ALLOW, DecisionReason.ALLOWED, route.route(),
                route.label() + " allows " + DisplayText.token(method) + " " + path + normalisedFrom(path, request.rawPath()) + rule);
    }

    /** " (normalised from "raw")" when normalisation changed the path, so denials of rewritten paths make sense. */
    private static String normalisedFrom(String path, String rawTarget) {
        boolean unchanged = rawTarget.startsWith(path)
                && (rawTarget.length() == path.length() || rawTarget.charAt(path.length()) == '?'
                        || rawTarget.charAt(path.length()) == '#');
        return unchanged ? "" : " (normalised from " + DisplayText.quote(rawTarget) + ")";
    }

    private static Decision deny(DecisionReason reason, Optional<Route> route, String explanation) {
        return new Decision(Verdict.DENY, reason, route, explanation);
    }
}
