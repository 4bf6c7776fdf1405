package dev.claudebottle.routes.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.Routes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SemanticDiffPropertiesTest {
    private static final Set<ChangeKind> ADDITIONS = EnumSet.of(ChangeKind.ROUTE_ADDED, ChangeKind.WILDCARD_ROUTE_ADDED);

    @Provide
    Arbitrary<Routes> policies() {
        Arbitrary<String> hosts = Arbitraries.of("api.github.com", "github.com", "*.github.com", "*.api.github.com",
                "example.com", "*.example.com", "db.internal");
        Arbitrary<Integer> ports = Arbitraries.of(443, 443, 8443);
        Arbitrary<List<String>> paths = Arbitraries.of("/repos/**", "/repos/acme/**", "/repos/*/issues", "/user",
                "/**", "/a/*").list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<String>> methods = Arbitraries.of("GET", "POST", "PUT", "DELETE").list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<RouteSpec> specs = Combinators.combine(hosts, ports, paths.injectNull(0.4), methods.injectNull(0.5),
                Arbitraries.of(false, false, true), Arbitraries.of("", "A", "B", "B"),
                Arbitraries.of("Authorization", "X-Api-Key")).as((host, port, p, m, priv, secret, header) -> {
                    RouteSpec spec = RouteSpec.host(host).port(port);
                    if (p != null) {
                        spec = spec.paths(p.toArray(String[]::new));
                    }
                    if (m != null) {
                        spec = spec.methods(m.stream().distinct().toArray(String[]::new));
                    }
                    if (priv) {
                        spec = spec.allowPrivate();
                    }
                    return secret.isEmpty() ? spec : spec.auth(header, secret);
                });
        return specs.list().ofMaxSize(6).map(SemanticDiffPropertiesTest::uniqueKeys);
    }

    private static Routes uniqueKeys(List<RouteSpec> specs) {
        Map<String, RouteSpec> byKey = new LinkedHashMap<>();
        for (RouteSpec spec : specs) {
            byKey.putIfAbsent(spec.host() + ":" + spec.port(), spec);
        }
        return RouteSpec.routes(byKey.values().toArray(RouteSpec[]::new));
    }

    @Property
    void aPolicyComparedWithItselfHasNoChanges(@ForAll("policies") Routes routes) {
        assertThat(SemanticDiff.between(routes, routes).isEmpty()).isTrue();
    }

    @Property
    void routesAddedOneWayAreRoutesRemovedTheOtherWay(@ForAll("policies") Routes a, @ForAll("policies") Routes b) {
        Set<String> added = keys(SemanticDiff.between(a, b), ADDITIONS);
        Set<String> removedBack = keys(SemanticDiff.between(b, a), EnumSet.of(ChangeKind.ROUTE_REMOVED));
        assertThat(added).isEqualTo(removedBack);
    }

    @Property
    void narrowingOneWayIsWideningTheOtherWay(@ForAll("policies") Routes a, @ForAll("policies") Routes b) {
        RoutesChangeSummary forward = SemanticDiff.between(a, b);
        RoutesChangeSummary backward = SemanticDiff.between(b, a);
        assertThat(keys(forward, EnumSet.of(ChangeKind.PATHS_NARROWED)))
                .isSubsetOf(keys(backward, EnumSet.of(ChangeKind.PATHS_WIDENED)));
        // Method sets compare exactly: narrowed one way is widened the other way, and a change that
        // widens both ways (methods swapped) is never called narrowed.
        Set<String> widenedBack = keys(backward, EnumSet.of(ChangeKind.METHODS_WIDENED));
        Set<String> widenedForward = keys(forward, EnumSet.of(ChangeKind.METHODS_WIDENED));
        assertThat(keys(forward, EnumSet.of(ChangeKind.METHODS_NARROWED))).isEqualTo(widenedBack.stream()
                .filter(k -> !widenedForward.contains(k)).collect(Collectors.toSet()));
        assertThat(keys(forward, EnumSet.of(ChangeKind.PRIVATE_ADDRESSES_ALLOWED)).stream()
                .filter(k -> !keys(forward, ADDITIONS).contains(k)).collect(Collectors.toSet()))
                .isEqualTo(keys(backward, EnumSet.of(ChangeKind.PRIVATE_ADDRESSES_DISALLOWED)));
    }

    @Property
    void theSummaryDoesNotDependOnTheOrderOfRoutesInTheFile(
            @ForAll("policies") Routes a, @ForAll("policies") Routes b, @ForAll long seed) {
        assertThat(SemanticDiff.between(shuffled(a, seed), shuffled(b, seed + 1)))
                .isEqualTo(SemanticDiff.between(a, b));
    }

    @Property
    void aWideningSentenceNamesAPathTheNewAllowlistAllowsAndTheOldDoesNot(
            @ForAll("policies") Routes a, @ForAll("policies") Routes b) {
        Map<String, Route> before = byKey(a);
        Map<String, Route> after = byKey(b);
        Pattern example = Pattern.compile("e\\.g\\. (\\S+) is now allowed");
        for (RouteChange change : SemanticDiff.between(a, b).changes()) {
            var matcher = example.matcher(change.sentence());
            if (change.kind() == ChangeKind.PATHS_WIDENED && matcher.find()) {
                String key = change.routeKey().orElseThrow();
                String witness = matcher.group(1);
                assertThat(allows(after.get(key), witness)).isTrue();
                assertThat(allows(before.get(key), witness)).isFalse();
            }
        }
    }

    @Property
    void everyChangeCarriesTheRiskThePolicyAssignsToItsKind(@ForAll("policies") Routes a, @ForAll("policies") Routes b) {
        Map<String, Route> after = byKey(b);
        for (RouteChange change : SemanticDiff.between(a, b).changes()) {
            if (change.kind() == ChangeKind.ROUTE_REMOVED) {
                continue; // depends on the route its hosts fall back to; covered by SemanticDiffTest
            }
            boolean injects = change.routeKey().map(after::get).map(r -> r.auth().isPresent()).orElse(false);
            assertThat(change.risk()).as(change.toString()).isEqualTo(RiskPolicy.of(change.kind(), injects));
        }
    }

    @Property
    void onlyCredentialPrivateAddressAndWildcardChangesOrOpeningsOfCredentialRoutesAreHigh(
            @ForAll("policies") Routes a, @ForAll("policies") Routes b) {
        Set<ChangeKind> alwaysHigh = EnumSet.of(ChangeKind.WILDCARD_ROUTE_ADDED, ChangeKind.PRIVATE_ADDRESSES_ALLOWED,
                ChangeKind.CREDENTIAL_ADDED, ChangeKind.CREDENTIAL_MOVED, ChangeKind.CREDENTIAL_SHARED,
                ChangeKind.CREDENTIAL_SECRET_CHANGED);
        for (RouteChange change : SemanticDiff.between(a, b).changes()) {
            if (alwaysHigh.contains(change.kind())) {
                assertThat(change.risk()).isEqualTo(Risk.HIGH);
            }
            if (change.kind().name().endsWith("NARROWED") || change.kind() == ChangeKind.CREDENTIAL_REMOVED) {
                assertThat(change.risk()).isEqualTo(Risk.LOW);
            }
        }
    }

    private static boolean allows(Route route, String path) {
        return route.pathAllowlist().map(list -> list.stream()
                .anyMatch(p -> GlobContainmentTest.regex(p.pattern()).matcher(path).matches())).orElse(true);
    }

    private static Set<String> keys(RoutesChangeSummary summary, Set<ChangeKind> kinds) {
        return summary.changes().stream().filter(c -> kinds.contains(c.kind()))
                .map(c -> c.routeKey().orElseThrow()).collect(Collectors.toSet());
    }

    private static Map<String, Route> byKey(Routes routes) {
        return routes.routes().stream().collect(Collectors.toMap(Route::key, r -> r));
    }

    private static Routes shuffled(Routes routes, long seed) {
        List<Route> copy = new ArrayList<>(routes.routes());
        Collections.shuffle(copy, new Random(seed));
        List<Route> reindexed = new ArrayList<>();
        for (Route r : copy) {
            reindexed.add(new Route(reindexed.size(), r.host(), r.port(), r.pathAllowlist(), r.methods(),
                    r.allowPrivate(), r.auth()));
        }
        return new Routes(Routes.CURRENT_VERSION, reindexed);
    }
}
