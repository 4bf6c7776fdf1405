package dev.claudebottle.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid routes for property tests. */
final class RoutesArbitraries {
    private RoutesArbitraries() {}

    static Arbitrary<Routes> routes() {
        return route().list().ofMaxSize(8).map(RoutesArbitraries::uniqueAndNumbered);
    }

    private static Routes uniqueAndNumbered(List<Route> candidates) {
        Map<String, Route> byKey = new LinkedHashMap<>();
        for (Route r : candidates) {
            byKey.putIfAbsent(r.key(), r);
        }
        List<Route> numbered = new ArrayList<>();
        for (Route r : byKey.values()) {
            numbered.add(new Route(numbered.size(), r.host(), r.port(), r.pathAllowlist(), r.methods(), r.allowPrivate(), r.auth()));
        }
        return new Routes(Routes.CURRENT_VERSION, numbered);
    }

    static Arbitrary<Route> route() {
        return Combinators.combine(host(), Arbitraries.integers().between(1, 65535).injectDuplicates(0.3).edgeCases(e -> e.add(443)),
                        paths().optional(0.5), methods().optional(0.5), Arbitraries.of(true, false), auth().optional(0.5))
                .as((host, port, paths, methods, allowPrivate, auth) ->
                        new Route(0, host, port, paths, methods, allowPrivate, auth));
    }

    static Arbitrary<String> label() {
        return Combinators.combine(Arbitraries.chars().range('a', 'z'),
                        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMaxLength(8),
                        Arbitraries.chars().with("abcdefghijklmnopqrstuvwxyz0123456789".toCharArray()))
                .as((first, middle, last) -> first + middle + last);
    }

    static Arbitrary<HostPattern> host() {
        Arbitrary<List<String>> labels = label().list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(labels, Arbitraries.of(true, false)).as((ls, wildcard) -> {
            if (wildcard && ls.size() >= 2) {
                return new HostPattern("*." + String.join(".", ls));
            }
            return new HostPattern(String.join(".", ls));
        });
    }

    static Arbitrary<String> segment() {
        Arbitrary<String> literal = Arbitraries.strings().withChars("abcXYZ019_~-.:@").ofMinLength(1).ofMaxLength(6)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return Arbitraries.oneOf(literal, Arbitraries.just("*"), literal.map(s -> s + "*"), literal.map(s -> "*" + s));
    }

    static Arbitrary<PathPattern> path() {
        return Combinators.combine(segment().list().ofMaxSize(4), Arbitraries.of("", "/", "/**", "/*"))
                .as((segments, tail) -> new PathPattern(segments.isEmpty() && tail.isEmpty()
                        ? "/" : ("/" + String.join("/", segments) + tail).replace("//", "/")));
    }

    static Arbitrary<List<PathPattern>> paths() {
        return path().filter(p -> PathPatternRule.check(p.pattern()) instanceof Checked.Ok)
                .list().ofMinSize(1).ofMaxSize(4).uniqueElements();
    }

    static Arbitrary<Set<String>> methods() {
        return Arbitraries.oneOf(Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
                        Arbitraries.strings().withChars("ABCXYZ-_!").ofMinLength(1).ofMaxLength(6))
                .set().ofMinSize(1).ofMaxSize(4);
    }

    static Arbitrary<AuthInjection> auth() {
        Arbitrary<String> header = Arbitraries.oneOf(Arbitraries.of("Authorization", "X-Api-Key", "PRIVATE-TOKEN"),
                Arbitraries.strings().withChars("abcXYZ-_!#'~").ofMinLength(1).ofMaxLength(10))
                .filter(h -> AuthRule.header(h) instanceof Checked.Ok);
        Arbitrary<String> secret = Combinators.combine(Arbitraries.chars().with("ABZ_a".toCharArray()),
                        Arbitraries.strings().withChars("ABCXYZ0189_").ofMaxLength(20))
                .as((first, rest) -> first + rest)
                .filter(s -> AuthRule.secretName(s) instanceof Checked.Ok);
        Arbitrary<String> prefix = Arbitraries.oneOf(Arbitraries.of("", "Bearer ", "token ", "Basic "),
                Arbitraries.strings().withCharRange(' ', '~').withChars('\t').ofMaxLength(12))
                .filter(p -> AuthRule.prefix(p) instanceof Checked.Ok);
        return Combinators.combine(header, secret, prefix).as(AuthInjection::new);
    }

    /** The routes as the JSON an agent would send, every field explicit. */
    static Map<String, Object> asJsonTree(Routes routes) {
        List<Object> list = new ArrayList<>();
        for (Route r : routes.routes()) {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("host", r.host().pattern());
            route.put("port", r.port());
            r.pathAllowlist().ifPresent(p -> route.put("path_allowlist", p.stream().map(PathPattern::pattern).toList()));
            r.methods().ifPresent(m -> route.put("methods", List.copyOf(m)));
            route.put("allow_private", r.allowPrivate());
            r.auth().ifPresent(a -> route.put("auth", Map.of("header", a.header(), "secret", a.secretName(), "prefix", a.prefix())));
            list.add(route);
        }
        return Map.of("version", 1, "routes", list);
    }

}
