package dev.claudebottle.routes;

import static dev.claudebottle.routes.RouteFixtures.get;
import static dev.claudebottle.routes.RouteFixtures.matcher;
import static dev.claudebottle.routes.RouteFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteMatcherTest {
    private static final Route ACME = route(3, "api.github.com", 443, List.of("/repos/acme/**"), Set.of());
    private static final RouteMatcher ACME_ONLY = matcher(ACME);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/repos/acme/x                  | ALLOWED",
        "/repos/acme                    | ALLOWED",
        "/repos/acme/                   | ALLOWED",
        "/repos/acme/x/y/z?q=1          | ALLOWED",
        "/repos/acme/./x                | ALLOWED",
        "/repos/acme/x/../y             | ALLOWED",
        "/repos/%61cme/x                | ALLOWED",
        "/repos/acme/../other           | PATH_NOT_ALLOWED",
        "/repos/acme/%2e%2e/other       | PATH_NOT_ALLOWED",
        "/repos/acme/%2E%2E/other       | PATH_NOT_ALLOWED",
        "/repos/acme/.%2E/other         | PATH_NOT_ALLOWED",
        "/repos/acme/x/../../other      | PATH_NOT_ALLOWED",
        "/repos/ACME/x                  | PATH_NOT_ALLOWED",
        "/repos/acmeevil/x              | PATH_NOT_ALLOWED",
        "/repos/acme%2e/x               | UNSAFE_PATH",
        "/repos/acme./x                 | UNSAFE_PATH",
        "/repos/acme/#/../../other      | UNSAFE_PATH",
        "/repos/acme/x#frag             | UNSAFE_PATH",
        "/repos/acme/..%20/..%20/other  | UNSAFE_PATH",
        "/repos/acme/.../other          | UNSAFE_PATH",
        "/repos/acme/x/.. /other        | UNSAFE_PATH",
        "/repos/acme/%EF%BC%8E%EF%BC%8E/%EF%BC%8E%EF%BC%8E/other | UNSAFE_PATH",
        "/repos/acme/x%EF%BC%8F..%EF%BC%8F..%EF%BC%8Fother | UNSAFE_PATH",
        "/repos/acme/%E2%80%A5/%E2%80%A5/other | UNSAFE_PATH",
        "/repos/acme;x/y                | PATH_NOT_ALLOWED",
        "/repos/acme%3Bx/y              | PATH_NOT_ALLOWED",
        "/REPOS/acme/x                  | PATH_NOT_ALLOWED",
        "/repos/acme%2f..%2fother       | UNSAFE_PATH",
        "/repos/acme%2F..%2Fother       | UNSAFE_PATH",
        "/repos/acme/..%2fother         | UNSAFE_PATH",
        "/repos/acme/..%5cother         | UNSAFE_PATH",
        "/repos/acme/..\\other          | UNSAFE_PATH",
        "//repos/acme/x                 | UNSAFE_PATH",
        "/repos/acme//x                 | UNSAFE_PATH",
        "/repos/acme/..;/other          | UNSAFE_PATH",
        "/repos/acme/%c0%ae%c0%ae/other | UNSAFE_PATH",
        "/repos/acme/%2e%2e%2f..        | UNSAFE_PATH",
        "/repos/acme/%00/x              | UNSAFE_PATH",
        "/../repos/acme/x               | UNSAFE_PATH",
        "/repos/acme/%zz                | UNSAFE_PATH",
        "/repos/acme/%252e%252e/other   | UNSAFE_PATH",
        "/repos/acme/..%3B/other        | UNSAFE_PATH",
        "/repos/acme/;/../other         | UNSAFE_PATH",
    })
    void resistsPathBypassAttempts(String rawPath, DecisionReason reason) {
        assertThat(ACME_ONLY.decide(get("api.github.com", rawPath)).reason()).isEqualTo(reason);
    }

    @Test
    void explainsAnAllowWithRouteIndexKeyAndRule() {
        Decision decision = ACME_ONLY.decide(get("api.github.com", "/repos/acme/x"));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.route()).contains(ACME);
        assertThat(decision.explanation()).isEqualTo("routes[3] (api.github.com:443) allows GET /repos/acme/x via /repos/acme/**");
    }

    @Test
    void explainsADenialOfARewrittenPathWithTheRawPath() {
        Decision decision = ACME_ONLY.decide(get("api.github.com", "/repos/acme/%2e%2e/other"));
        assertThat(decision.explanation()).isEqualTo("routes[3] (api.github.com:443) does not allow path /repos/other"
                + " (normalised from \"/repos/acme/%2e%2e/other\") (path_allowlist: /repos/acme/**)");
        assertThat(decision.route()).contains(ACME);
    }

    @Test
    void explainsAnUnsafePathWithoutEchoingControlCharacters() {
        Decision decision = ACME_ONLY.decide(get("api.github.com", "/repos/acme/%0d%0a"));
        assertThat(decision.reason()).isEqualTo(DecisionReason.UNSAFE_PATH);
        assertThat(decision.route()).contains(ACME);
        assertThat(decision.explanation()).isEqualTo("routes[3] (api.github.com:443) cannot judge path"
                + " \"/repos/acme/%0d%0a\": encoded control character (%0D) at offset 12");
        Decision raw = ACME_ONLY.decide(get("api.github.com", "/repos/acme/\r\nX: y"));
        assertThat(raw.explanation()).doesNotContain("\r", "\n").contains("\\u000d\\u000a");
    }

    @Test
    void comparesHostsCaseInsensitivelyAndIgnoresATrailingDot() {
        assertThat(ACME_ONLY.decide(get("API.GitHub.com.", "/repos/acme/x")).allowed()).isTrue();
    }

    @Test
    void deniesInvalidHostsBeforeLookingAtRoutes() {
        Decision decision = ACME_ONLY.decide(get("api.github.com:443", "/repos/acme/x"));
        assertThat(decision.reason()).isEqualTo(DecisionReason.INVALID_HOST);
        assertThat(decision.route()).isEmpty();
        assertThat(ACME_ONLY.decide(get("äpi.github.com", "/")).reason()).isEqualTo(DecisionReason.INVALID_HOST);
        assertThat(ACME_ONLY.decide(get("", "/")).reason()).isEqualTo(DecisionReason.INVALID_HOST);
    }

    @Test
    void exactHostBeatsWildcardAndDoesNotFallBack() {
        Route wildcard = route(0, "*.github.com", 443);
        Route exact = route(1, "api.github.com", 443, List.of("/user"), Set.of());
        RouteMatcher matcher = matcher(wildcard, exact);
        assertThat(matcher.decide(get("api.github.com", "/user")).route()).contains(exact);
        Decision denied = matcher.decide(get("api.github.com", "/repos/x"));
        assertThat(denied.reason()).isEqualTo(DecisionReason.PATH_NOT_ALLOWED);
        assertThat(denied.route()).contains(exact);
        assertThat(matcher.decide(get("raw.github.com", "/anything")).route()).contains(wildcard);
    }

    @Test
    void longerWildcardSuffixBeatsShorter() {
        Route broad = route(0, "*.example.com", 443, List.of("/public/**"), Set.of());
        Route narrow = route(1, "*.eu.example.com", 443, List.of("/eu/**"), Set.of());
        RouteMatcher matcher = matcher(broad, narrow);
        assertThat(matcher.decide(get("a.b.eu.example.com", "/eu/x")).route()).contains(narrow);
        assertThat(matcher.decide(get("a.b.eu.example.com", "/public/x")).reason()).isEqualTo(DecisionReason.PATH_NOT_ALLOWED);
        assertThat(matcher.decide(get("x.us.example.com", "/public/x")).route()).contains(broad);
        assertThat(matcher.decide(get("eu.example.com", "/public/x")).route()).contains(broad);
    }

    @Test
    void wildcardCoversAnySubdomainDepthButNeverTheApex() {
        RouteMatcher matcher = matcher(route(0, "*.example.com", 443));
        assertThat(matcher.decide(get("a.example.com", "/")).allowed()).isTrue();
        assertThat(matcher.decide(get("a.b.c.example.com", "/")).allowed()).isTrue();
        assertThat(matcher.decide(get("example.com", "/")).reason()).isEqualTo(DecisionReason.HOST_NOT_ALLOWED);
        assertThat(matcher.decide(get("badexample.com", "/")).reason()).isEqualTo(DecisionReason.HOST_NOT_ALLOWED);
        assertThat(matcher.decide(get("example.com.evil.net", "/")).reason()).isEqualTo(DecisionReason.HOST_NOT_ALLOWED);
    }

    @Test
    void picksTheMostSpecificHostThatHasARouteForThePort() {
        Route exactOtherPort = route(0, "api.github.com", 8443);
        Route wildcard = route(1, "*.github.com", 443);
        RouteMatcher matcher = matcher(exactOtherPort, wildcard);
        assertThat(matcher.decide(get("api.github.com", "/")).route()).contains(wildcard);
        assertThat(matcher.decide(new RequestTarget("api.github.com", 8443, "GET", "/")).route()).contains(exactOtherPort);
    }

    @Test
    void tellsAWrongPortFromAnUnknownHost() {
        RouteMatcher matcher = matcher(route(0, "api.github.com", 443), route(1, "*.internal.example", 8080));
        Decision wrongPort = matcher.decide(new RequestTarget("api.github.com", 80, "GET", "/"));
        assertThat(wrongPort.reason()).isEqualTo(DecisionReason.PORT_NOT_ALLOWED);
        assertThat(wrongPort.route()).isEmpty();
        assertThat(wrongPort.explanation()).isEqualTo(
                "no route for api.github.com on port 80 (routes[0] (api.github.com:443) covers this host on another port)");
        assertThat(matcher.decide(new RequestTarget("ci.internal.example", 443, "GET", "/")).reason())
                .isEqualTo(DecisionReason.PORT_NOT_ALLOWED);
        Decision unknown = matcher.decide(get("evil.example", "/"));
        assertThat(unknown.reason()).isEqualTo(DecisionReason.HOST_NOT_ALLOWED);
        assertThat(unknown.explanation()).isEqualTo("no route for host evil.example");
    }

    @Test
    void portsOutsideTheValidRangeMatchNoRoute() {
        RouteMatcher matcher = matcher(route(0, "api.github.com", 443));
        for (int port : new int[] {0, -1, 65536, 443 + 65536}) {
            assertThat(matcher.decide(new RequestTarget("api.github.com", port, "GET", "/")).reason())
                    .isEqualTo(DecisionReason.PORT_NOT_ALLOWED);
        }
    }

    @Test
    void decidesMethodsAfterPathsAndComparesThemCaseSensitively() {
        Route route = route(0, "api.github.com", 443, List.of("/repos/acme/**"), Set.of("GET", "POST"));
        RouteMatcher matcher = matcher(route);
        assertThat(matcher.decide(new RequestTarget("api.github.com", 443, "POST", "/repos/acme/x/issues")).allowed()).isTrue();
        Decision delete = matcher.decide(new RequestTarget("api.github.com", 443, "DELETE", "/repos/acme/x"));
        assertThat(delete.reason()).isEqualTo(DecisionReason.METHOD_NOT_ALLOWED);
        assertThat(delete.explanation()).isEqualTo(
                "routes[0] (api.github.com:443) allows path /repos/acme/x but not method DELETE (methods: GET, POST)");
        assertThat(matcher.decide(new RequestTarget("api.github.com", 443, "get", "/repos/acme/x")).reason())
                .isEqualTo(DecisionReason.METHOD_NOT_ALLOWED);
        assertThat(matcher.decide(new RequestTarget("api.github.com", 443, "DELETE", "/other")).reason())
                .isEqualTo(DecisionReason.PATH_NOT_ALLOWED);
    }

    @Test
    void routeWithoutAllowlistOrMethodsAllowsEverySafeRequest() {
        RouteMatcher matcher = matcher(route(0, "registry.npmjs.org", 443));
        Decision decision = matcher.decide(new RequestTarget("registry.npmjs.org", 443, "PUT", "/@scope%2fpkg"));
        assertThat(decision.reason()).isEqualTo(DecisionReason.UNSAFE_PATH);
        Decision allowed = matcher.decide(new RequestTarget("registry.npmjs.org", 443, "PUT", "/a/b"));
        assertThat(allowed.explanation()).isEqualTo("routes[0] (registry.npmjs.org:443) allows PUT /a/b (any path)");
    }

    @Test
    void ipLiteralsMatchOnlyTheSameLiteralNeverAWildcard() {
        Route loopback = route(0, "127.0.0.1", 8080);
        Route v6 = route(1, "[::1]", 8080);
        Route numericSuffix = route(2, "*.0.0.1", 8080);
        RouteMatcher matcher = matcher(loopback, v6, numericSuffix);
        assertThat(matcher.decide(new RequestTarget("127.0.0.1", 8080, "GET", "/")).route()).contains(loopback);
        assertThat(matcher.decide(new RequestTarget("[0:0::1]", 8080, "GET", "/")).route()).contains(v6);
        assertThat(matcher.decide(new RequestTarget("::1", 8080, "GET", "/")).route()).contains(v6);
        assertThat(matcher.decide(new RequestTarget("10.0.0.1", 8080, "GET", "/")).reason())
                .isEqualTo(DecisionReason.HOST_NOT_ALLOWED);
        assertThat(matcher.decide(new RequestTarget("127.1", 8080, "GET", "/")).reason())
                .isEqualTo(DecisionReason.INVALID_HOST);
    }

    @Test
    void emptyRoutesDenyEverything() {
        RouteMatcher matcher = RouteMatcher.of(Routes.denyAll());
        assertThat(matcher.decide(get("api.github.com", "/")).reason()).isEqualTo(DecisionReason.HOST_NOT_ALLOWED);
    }

    @Test
    void refusesToIndexTwoRoutesForTheSameHostAndPort() {
        assertThatThrownBy(() -> matcher(route(0, "127.0.0.1", 443), route(1, "api.github.com", 443),
                        route(2, "api.github.com", 443)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("routes[2] covers the same host and port as routes[1] (api.github.com:443)");
        assertThatThrownBy(() -> matcher(route(0, "[::1]", 443), route(1, "[0::1]", 443)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleStarMatchesWithinOneSegmentOnly() {
        RouteMatcher matcher = matcher(route(0, "api.github.com", 443,
                List.of("/repos/*/issues", "/files/*.json", "/user"), Set.of()));
        assertThat(matcher.decide(get("api.github.com", "/repos/acme/issues")).allowed()).isTrue();
        assertThat(matcher.decide(get("api.github.com", "/repos/acme/x/issues")).allowed()).isFalse();
        assertThat(matcher.decide(get("api.github.com", "/files/a.json")).allowed()).isTrue();
        assertThat(matcher.decide(get("api.github.com", "/files/a/b.json")).allowed()).isFalse();
        assertThat(matcher.decide(get("api.github.com", "/user")).explanation()).endsWith("via /user");
        assertThat(matcher.decide(get("api.github.com", "/user/")).allowed()).isFalse();
        assertThat(matcher.decide(get("api.github.com", "/user/x")).allowed()).isFalse();
    }
}
