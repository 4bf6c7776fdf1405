package dev.claudebottle.routes.diff;

import dev.claudebottle.routes.AuthInjection;
import dev.claudebottle.routes.HostPattern;
import dev.claudebottle.routes.PathPattern;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.Routes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Test fixture: a route described fluently, built with the model's record constructors. */
record RouteSpec(String host, int port, Optional<List<PathPattern>> paths, Optional<Set<String>> methods,
        boolean privateAllowed, Optional<AuthInjection> auth) {

    static RouteSpec host(String host) {
        return new RouteSpec(host, 443, Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    RouteSpec port(int port) {
        return new RouteSpec(host, port, paths, methods, privateAllowed, auth);
    }

    RouteSpec paths(String... patterns) {
        return new RouteSpec(host, port, Optional.of(Arrays.stream(patterns).map(PathPattern::new).toList()),
                methods, privateAllowed, auth);
    }

    RouteSpec methods(String... names) {
        return new RouteSpec(host, port, paths, Optional.of(Set.of(names)), privateAllowed, auth);
    }

    RouteSpec allowPrivate() {
        return new RouteSpec(host, port, paths, methods, true, auth);
    }

    RouteSpec auth(String header, String secret) {
        return auth(header, secret, "");
    }

    RouteSpec auth(String header, String secret, String prefix) {
        return new RouteSpec(host, port, paths, methods, privateAllowed,
                Optional.of(new AuthInjection(header, secret, prefix)));
    }

    Route at(int index) {
        return new Route(index, new HostPattern(host), port, paths, methods, privateAllowed, auth);
    }

    static Routes routes(RouteSpec... specs) {
        List<Route> routes = new ArrayList<>();
        for (RouteSpec spec : specs) {
            routes.add(spec.at(routes.size()));
        }
        return new Routes(Routes.CURRENT_VERSION, routes);
    }
}
