package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RouteMatcherPropertiesTest {
    private static final RouteMatcher ACME = RouteFixtures.matcher(
            RouteFixtures.route(0, "api.github.com", 443, List.of("/repos/acme/**"), Set.of()));

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.of("a", "b", "api", "x-y").list().ofMaxSize(3)
                .map(labels -> String.join(".", labels))
                .flatMap(prefix -> Arbitraries.of("example.com", "eu.example.com", "a.eu.example.com", "example.org")
                        .map(base -> prefix.isEmpty() ? base : prefix + "." + base));
    }

    @Provide
    Arbitrary<List<Route>> routeSets() {
        Arbitrary<String> pattern = Combinators.combine(Arbitraries.of(true, false), hosts())
                .as((wildcard, host) -> wildcard ? "*." + host : host);
        Arbitrary<String> keys = Combinators.combine(pattern, Arbitraries.of(443, 8443)).as((h, p) -> h + ":" + p);
        return keys.set().ofMaxSize(12).map(set -> {
            List<Route> routes = new ArrayList<>();
            for (String key : new LinkedHashSet<>(set)) {
                int colon = key.lastIndexOf(':');
                routes.add(RouteFixtures.route(routes.size(), key.substring(0, colon), Integer.parseInt(key.substring(colon + 1))));
            }
            return routes;
        });
    }

    /** The index picks what a linear scan over every route would pick. */
    @Property(tries = 2000)
    void indexAgreesWithALinearScan(@ForAll("routeSets") List<Route> routes, @ForAll("hosts") String host,
            @ForAll("ports") int port) {
        Decision decision = RouteFixtures.matcher(routes.toArray(Route[]::new)).decide(new RequestTarget(host, port, "GET", "/"));
        Optional<Route> expected = routes.stream()
                .filter(r -> r.port() == port && r.host().matches(host))
                .max(Comparator.comparing((Route r) -> !r.host().isWildcard()).thenComparing(r -> r.host().suffix().length()));
        assertThat(decision.route()).isEqualTo(expected);
        DecisionReason expectedReason = expected.isPresent() ? DecisionReason.ALLOWED
                : routes.stream().anyMatch(r -> r.host().matches(host)) ? DecisionReason.PORT_NOT_ALLOWED
                : DecisionReason.HOST_NOT_ALLOWED;
        assertThat(decision.reason()).isEqualTo(expectedReason);
    }

    @Provide
    Arbitrary<Integer> ports() {
        return Arbitraries.of(443, 8443, 80);
    }

    /** Nothing /repos/acme/** allows escapes /repos/acme, however a careless server reads the raw target. */
    @Property(tries = 5000)
    void allowedTargetsStayUnderThePrefixForAnAggressiveServer(@ForAll("acmeTricks") String raw) {
        Decision decision = ACME.decide(RouteFixtures.get("api.github.com", raw));
        if (decision.allowed()) {
            String resolved = AggressiveServer.resolve(raw);
            assertThat(resolved.equals("/repos/acme") || resolved.startsWith("/repos/acme/"))
                    .as("%s resolves to %s", raw, resolved).isTrue();
        }
    }

    @Provide
    Arbitrary<String> acmeTricks() {
        Arbitrary<String> piece = Arbitraries.of(
                "/", "/", "/", "..", ".", "%2e", "%2E", "%2e%2e", ".%2E", "%2f", "%5c", "\\", ";", "..;", "%3b",
                "%25", "%252e", "%25%32%65", "%c0%ae", "acme", "other", "repos", "%61", "x", "%2F", "%3B");
        return piece.list().ofMaxSize(10).map(parts -> "/repos/acme/" + String.join("", parts));
    }

    /** Any path built by filling a pattern's wildcards with ordinary segments is allowed by that pattern. */
    @Property(tries = 2000)
    void pathsInstantiatedFromAPatternAreAllowedByIt(@ForAll("instantiations") List<String> fills) {
        RouteMatcher matcher = RouteFixtures.matcher(RouteFixtures.route(0, "api.github.com", 443,
                List.of("/repos/*/issues/**"), Set.of("GET")));
        String path = "/repos/" + fills.get(0) + "/issues" + fills.get(1);
        Decision decision = matcher.decide(RouteFixtures.get("api.github.com", path));
        assertThat(decision.allowed()).as("%s: %s", path, decision.explanation()).isTrue();
        RequestPath.Normalised normalised = (RequestPath.Normalised) RequestPath.of(path);
        assertThat(matcher.decide(RouteFixtures.get("api.github.com", normalised.path())).allowed()).isTrue();
    }

    @Provide
    Arbitrary<List<String>> instantiations() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcXYZ019-._~!$&'()*+,;=:@").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.equals(".") && !s.equals("..") && !s.startsWith(";") && !s.startsWith(".;") && !s.startsWith("..;")
                        && !(s.indexOf(';') >= 0 ? s.substring(0, s.indexOf(';')) : s).endsWith("."));
        Arbitrary<String> remainder = segment.list().ofMaxSize(4).map(list -> list.isEmpty() ? "" : "/" + String.join("/", list));
        return Combinators.combine(segment, remainder).as(List::of);
    }
}
