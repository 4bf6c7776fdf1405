package dev.claudebottle.benchmarks;

import dev.claudebottle.routes.AuthInjection;
import dev.claudebottle.routes.HostPattern;
import dev.claudebottle.routes.PathPattern;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic routes policy of any size, shaped like real ones (exact API hosts, wildcard
 * suffixes, path allowlists, method lists, credentials), as {@link Routes} values and as
 * routes.yaml text, plus a mixed stream of allowed and denied requests against it.
 */
final class SyntheticRoutes {
    private final List<Route> routes;

    SyntheticRoutes(int count) {
        List<Route> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(route(i));
        }
        this.routes = List.copyOf(list);
    }

    private static Route route(int i) {
        boolean wildcard = i % 10 >= 7;
        String host = wildcard ? "*.team" + i + ".corp.example" : "svc" + i + ".team" + (i % 97) + ".example.com";
        int port = i % 5 == 4 ? 8443 : 443;
        Optional<List<PathPattern>> paths = i % 3 == 2 ? Optional.empty() : Optional.of(List.of(
                new PathPattern("/repos/org" + i + "/**"),
                new PathPattern("/users/*/keys"),
                new PathPattern("/v1/items/*.json")));
        Optional<Set<String>> methods = i % 2 == 0 ? Optional.of(Set.of("GET", "POST")) : Optional.empty();
        Optional<AuthInjection> auth = i % 4 == 0
                ? Optional.of(new AuthInjection("Authorization", "TOKEN_" + i, "Bearer "))
                : Optional.empty();
        return new Route(i, new HostPattern(host), port, paths, methods, false, auth);
    }

    Routes routes() {
        return new Routes(Routes.CURRENT_VERSION, routes);
    }

    /** The same policy as routes.yaml text, in the documented format. */
    String yaml() {
        StringBuilder out = new StringBuilder(routes.size() * 200).append("version: 1\nroutes:\n");
        for (Route route : routes) {
            out.append("  - host: \"").append(route.host().pattern()).append("\"\n");
            out.append("    port: ").append(route.port()).append('\n');
            route.pathAllowlist().ifPresent(paths -> {
                out.append("    path_allowlist:\n");
                paths.forEach(p -> out.append("      - \"").append(p.pattern()).append("\"\n"));
            });
            route.methods().ifPresent(methods ->
                    out.append("    methods: [").append(String.join(", ", methods.stream().sorted().toList())).append("]\n"));
            route.auth().ifPresent(auth -> out.append("    auth:\n")
                    .append("      header: ").append(auth.header()).append('\n')
                    .append("      secret: ").append(auth.secretName()).append('\n')
                    .append("      prefix: \"").append(auth.prefix()).append("\"\n"));
        }
        return out.toString();
    }

    /**
     * {@code n} requests spread over all routes: about half allowed (exact and wildcard hosts, with
     * and without path allowlists, some needing dot-segment removal), the rest denied for every
     * reason (path, method, unknown host, wrong port, unsafe path).
     */
    RequestTarget[] requests(int n, long seed) {
        Random random = new Random(seed);
        RequestTarget[] requests = new RequestTarget[n];
        for (int k = 0; k < n; k++) {
            int i = random.nextInt(routes.size());
            Route route = routes.get(i);
            String host = route.host().isWildcard() ? "api.eu." + route.host().suffix() : route.host().pattern();
            int port = route.port();
            String allowedPath = route.pathAllowlist().isPresent() ? "/repos/org" + i + "/widgets/pulls/42" : "/anything/at/all";
            requests[k] = switch (k % 10) {
                case 0, 1, 2 -> new RequestTarget(host, port, "GET", allowedPath);
                case 3 -> new RequestTarget(host.toUpperCase(java.util.Locale.ROOT) + ".", port, "POST",
                        allowedPath + "?per_page=100&page=2");
                case 4 -> new RequestTarget(host, port, "GET", "/repos/org" + i + "/a/./b/../widgets/%7Euser");
                case 5 -> new RequestTarget(host, port, "GET", "/repos/other" + i + "/secrets");
                case 6 -> new RequestTarget(host, port, route.methods().isPresent() ? "DELETE" : "GET", "/users/u" + k + "/keys");
                case 7 -> new RequestTarget("unknown" + k + ".example.net", 443, "GET", "/");
                case 8 -> new RequestTarget(host, 8080, "GET", allowedPath);
                default -> new RequestTarget(host, port, "GET", "/repos/org" + i + "%2f..%2fother");
            };
        }
        return requests;
    }
}
