package dev.claudebottle.routes;

/**
 * Decides requests against one immutable {@link Routes} snapshot. Thread-safe; build once per
 * snapshot, then {@link #decide} is cheap (no allocation-heavy scanning of all routes).
 */
public final class RouteMatcher {
    private final Routes routes;

    private RouteMatcher(Routes routes) {
        this.routes = routes;
    }

    public static RouteMatcher of(Routes routes) {
        return new RouteMatcher(routes);
    }

    public Routes routes() {
        return routes;
    }

    public Decision decide(RequestTarget request) {
        throw new UnsupportedOperationException("matcher is being written");
    }
}
