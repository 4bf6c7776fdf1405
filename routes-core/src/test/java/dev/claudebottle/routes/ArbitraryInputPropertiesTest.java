package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a client sends, the matcher answers with a decision: no exception, no allow without a route. */
class ArbitraryInputPropertiesTest {
    private static final RouteMatcher MATCHER = RouteFixtures.matcher(
            RouteFixtures.route(0, "api.github.com", 443, List.of("/repos/acme/**", "/users/*/keys"), Set.of("GET")),
            RouteFixtures.route(1, "*.example.com", 443),
            RouteFixtures.route(2, "10.0.0.1", 8080));

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60),
                Arbitraries.strings().withChars("/.%2eEfF5cC;:[]?#\\aA0x").ofMaxLength(30));
    }

    @Property(tries = 3000)
    void decidesAnyRequestWithoutThrowing(@ForAll("anyText") String host, @ForAll("anyText") String path,
            @ForAll("anyText") String method, @ForAll int port) {
        Decision decision = MATCHER.decide(new RequestTarget(host, port, method, path));
        assertThat(decision.explanation()).isNotBlank().doesNotContain("\n", "\r");
        if (decision.allowed()) {
            assertThat(decision.route()).isPresent();
            assertThat(RequestHost.of(host)).isNotInstanceOf(RequestHost.Invalid.class);
            assertThat(RequestPath.of(path)).isInstanceOf(RequestPath.Normalised.class);
        }
    }

    @Property(tries = 3000)
    void decidesAnyPathOnAKnownHostWithoutThrowing(@ForAll("anyText") String path) {
        Decision decision = MATCHER.decide(new RequestTarget("api.github.com", 443, "GET", path));
        assertThat(decision.route()).isPresent();
        assertThat(decision.reason()).isIn(DecisionReason.ALLOWED, DecisionReason.UNSAFE_PATH, DecisionReason.PATH_NOT_ALLOWED);
    }

    @Property(tries = 2000)
    void compilesAnyPatternWithoutThrowing(@ForAll("anyText") String pattern, @ForAll("anyText") String path) {
        PathGlob glob = PathGlob.compile(new PathPattern("/" + pattern));
        if (RequestPath.of(path) instanceof RequestPath.Normalised normalised) {
            glob.matches(PathGlob.splitSegments(normalised.path()));
        }
    }

    @Property(tries = 3000)
    void canonicalHostsAreFixedPoints(@ForAll("anyText") String host) {
        switch (RequestHost.of(host)) {
            case RequestHost.DnsName name -> assertThat(RequestHost.of(name.canonical())).isEqualTo(name);
            case RequestHost.IpLiteral ip -> assertThat(RequestHost.of(ip.canonical())).isEqualTo(ip);
            case RequestHost.Invalid invalid -> assertThat(invalid.problem()).isNotBlank();
        }
    }
}
