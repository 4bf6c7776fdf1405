package dev.claudebottle.routes;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds {@link Route} values directly, the way the parser will produce them. */
final class RouteFixtures {
    private RouteFixtures() {}

    static Route route(int index, String host, int port) {
        return new Route(index, new HostPattern(host), port, Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    static Route route(int index, String host, int port, List<String> paths, Set<String> methods) {
        return new Route(index, new HostPattern(host), port,
                paths.isEmpty() ? Optional.empty() : Optional.of(paths.stream().map(PathPattern::new).toList()),
                methods.isEmpty() ? Optional.empty() : Optional.of(methods),
                false, Optional.empty());
    }

    static RouteMatcher matcher(Route... routes) {
        return RouteMatcher.of(new Routes(Routes.CURRENT_VERSION, Arrays.asList(routes)));
    }

    static RequestTarget get(String host, String path) {
        return new RequestTarget(host, 443, "GET", path);
    }
}
