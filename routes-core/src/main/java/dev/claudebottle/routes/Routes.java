package dev.claudebottle.routes;

import java.util.List;

/**
 * A validated routes policy: the routes in file order. An empty list denies everything.
 * Instances come from {@link RoutesParser}; the constructor re-checks only structural invariants.
 */
public record Routes(int version, List<Route> routes) {
    public static final int CURRENT_VERSION = 1;

    public Routes {
        if (version != CURRENT_VERSION) {
            throw new IllegalArgumentException("only version 1 exists, got " + version);
        }
        routes = List.copyOf(routes);
    }

    public static Routes denyAll() {
        return new Routes(CURRENT_VERSION, List.of());
    }
}
