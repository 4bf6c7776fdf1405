package dev.claudebottle.routes.diff;

import static dev.claudebottle.routes.diff.RouteSpec.host;
import static dev.claudebottle.routes.diff.RouteSpec.routes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.PathPattern;
import dev.claudebottle.routes.Routes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SemanticDiffTest {

    private static RoutesChangeSummary diff(Routes old, Routes neu) {
        return SemanticDiff.between(old, neu);
    }

    /** The one change the summary must hold. */
    private static RouteChange only(RoutesChangeSummary summary) {
        assertThat(summary.changes()).hasSize(1);
        return summary.changes().get(0);
    }

    private static RouteChange change(RoutesChangeSummary summary, ChangeKind kind, String key) {
        return summary.changes().stream()
                .filter(c -> c.kind() == kind && c.routeKey().equals(Optional.of(key)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " for " + key + " in " + summary));
    }

    private static void assertChange(RouteChange change, ChangeKind kind, Risk risk, String key, String sentence) {
        assertThat(change.kind()).isEqualTo(kind);
        assertThat(change.risk()).isEqualTo(risk);
        assertThat(change.routeKey()).contains(key);
        assertThat(change.sentence()).isEqualTo(sentence);
    }

    // --- nothing changed ---

    @Test
    void identicalPoliciesHaveNoChanges() {
        Routes routes = routes(host("api.github.com").paths("/user").methods("GET").auth("Authorization", "GH"));
        RoutesChangeSummary summary = diff(routes, routes);
        assertThat(summary.isEmpty()).isTrue();
        assertThat(summary.overallRisk()).isEmpty();
    }

    @Test
    void reorderingRoutesIsNoChangeBecauseMatchingIsBySpecificity() {
        assertThat(diff(routes(host("a.example"), host("b.example")), routes(host("b.example"), host("a.example")))
                .isEmpty()).isTrue();
    }

    @Test
    void twoEmptyPoliciesHaveNoChanges() {
        assertThat(diff(Routes.denyAll(), Routes.denyAll()).isEmpty()).isTrue();
    }

    // --- hosts ---

    @Test
    void anExactHostAddedWithoutCredentialIsMediumRisk() {
        RouteChange change = only(diff(routes(host("a.example")), routes(host("a.example"), host("api.github.com")
                .paths("/repos/acme/**").methods("POST", "GET"))));
        assertChange(change, ChangeKind.ROUTE_ADDED, Risk.MEDIUM, "api.github.com:443",
                "host added: paths /repos/acme/**; methods GET, POST");
    }

    @Test
    void aWildcardHostAddedIsHighRiskAndSaysItCoversAWholeDomain() {
        RouteChange change = only(diff(routes(host("a.example")),
                routes(host("a.example"), host("*.example.com"))));
        assertChange(change, ChangeKind.WILDCARD_ROUTE_ADDED, Risk.HIGH, "*.example.com:443",
                "wildcard host added (any subdomain of example.com, at any depth: a whole domain): every path, every method");
    }

    @Test
    void aDeeperWildcardIsStillHighRiskButNotCalledAWholeDomain() {
        RouteChange change = only(diff(routes(host("a.example")), routes(host("a.example"), host("*.api.example.com"))));
        assertChange(change, ChangeKind.WILDCARD_ROUTE_ADDED, Risk.HIGH, "*.api.example.com:443",
                "wildcard host added (any subdomain of api.example.com, at any depth): every path, every method");
    }

    @Test
    void aNewExactHostUnderAWildcardSaysWhichRouteHandledItBefore() {
        RouteChange change = only(diff(routes(host("*.github.com")),
                routes(host("*.github.com"), host("api.github.com").paths("/user"))));
        assertChange(change, ChangeKind.ROUTE_ADDED, Risk.MEDIUM, "api.github.com:443",
                "host added: paths /user; every method; until now handled by *.github.com:443");
    }

    @Test
    void aRemovedHostIsLowRisk() {
        RouteChange change = only(diff(routes(host("a.example"), host("b.example").auth("Authorization", "B")),
                routes(host("a.example"))));
        assertChange(change, ChangeKind.ROUTE_REMOVED, Risk.LOW, "b.example:443",
                "host removed (it injected secret B)");
    }

    @Test
    void aRemovedHostWhoseRequestsNowFallUnderABroaderWildcardIsNotLowRisk() {
        RouteChange change = only(diff(routes(host("api.github.com").paths("/user"), host("*.github.com")),
                routes(host("*.github.com"))));
        assertChange(change, ChangeKind.ROUTE_REMOVED, Risk.MEDIUM, "api.github.com:443",
                "host removed; its requests now fall under *.github.com:443, which differs: "
                        + "path allowlist removed: every path now allowed (was /user)");
    }

    @Test
    void aRemovedHostWhoseRequestsNowFallUnderANarrowerWildcardIsLowRisk() {
        RouteChange change = only(diff(routes(host("api.github.com"), host("*.github.com").methods("GET")),
                routes(host("*.github.com").methods("GET"))));
        assertChange(change, ChangeKind.ROUTE_REMOVED, Risk.LOW, "api.github.com:443",
                "host removed; its requests now fall under *.github.com:443, which allows no more");
    }

    @Test
    void aRemovedHostWhoseRequestsNowGetAWildcardsCredentialIsHighRisk() {
        RouteChange change = only(diff(
                routes(host("evil.github.io"), host("*.github.io").auth("Authorization", "PAGES")),
                routes(host("*.github.io").auth("Authorization", "PAGES"))));
        assertThat(change.kind()).isEqualTo(ChangeKind.ROUTE_REMOVED);
        assertThat(change.risk()).isEqualTo(Risk.HIGH);
        assertThat(change.sentence()).contains("*.github.io:443").contains("secret PAGES");
    }

    @Test
    void aRemovedWildcardWhoseHostsFallUnderAShorterWildcardNamesIt() {
        RouteChange change = only(diff(routes(host("*.api.example.com").methods("GET"), host("*.example.com")),
                routes(host("*.example.com"))));
        assertChange(change, ChangeKind.ROUTE_REMOVED, Risk.MEDIUM, "*.api.example.com:443",
                "host removed; its requests now fall under *.example.com:443, which differs: "
                        + "methods restriction removed: every method now allowed (was GET)");
    }

    @Test
    void aWildcardOnAnotherPortIsNoFallback() {
        RouteChange change = only(diff(routes(host("api.github.com"), host("*.github.com").port(8443)),
                routes(host("*.github.com").port(8443))));
        assertChange(change, ChangeKind.ROUTE_REMOVED, Risk.LOW, "api.github.com:443", "host removed");
    }

    @Test
    void aChangedPortIsARemovalPlusAnAddition() {
        RoutesChangeSummary summary = diff(routes(host("a.example")), routes(host("a.example").port(8443)));
        assertThat(summary.changes()).extracting(RouteChange::kind, RouteChange::routeKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ChangeKind.ROUTE_ADDED, Optional.of("a.example:8443")),
                org.assertj.core.groups.Tuple.tuple(ChangeKind.ROUTE_REMOVED, Optional.of("a.example:443")));
    }

    @Test
    void removingEveryRouteSaysTheBottleCanReachNothing() {
        RoutesChangeSummary summary = diff(routes(host("a.example"), host("b.example")), Routes.denyAll());
        assertThat(summary.changes()).hasSize(3);
        RouteChange first = summary.changes().get(0);
        assertThat(first.kind()).isEqualTo(ChangeKind.ALL_ROUTES_REMOVED);
        assertThat(first.risk()).isEqualTo(Risk.LOW);
        assertThat(first.routeKey()).isEmpty();
        assertThat(first.sentence()).isEqualTo("every route removed: the bottle can reach nothing (deny everything)");
        assertThat(summary.overallRisk()).contains(Risk.LOW);
    }

    @Test
    void theFirstRoutesAreFlaggedAheadOfTheRoutesThemselves() {
        RoutesChangeSummary summary = diff(Routes.denyAll(), routes(host("*.example.com"), host("a.example")));
        assertThat(summary.changes()).extracting(RouteChange::kind).containsExactly(
                ChangeKind.FIRST_ROUTES, ChangeKind.WILDCARD_ROUTE_ADDED, ChangeKind.ROUTE_ADDED);
        assertThat(summary.changes().get(0).risk()).isEqualTo(Risk.MEDIUM);
        assertThat(summary.changes().get(0).sentence()).isEqualTo("first routes: until now the bottle could reach nothing");
        assertThat(summary.overallRisk()).contains(Risk.HIGH);
    }

    // --- paths ---

    @Test
    void removingThePathAllowlistWidensToEveryPath() {
        RouteChange change = only(diff(routes(host("a.example").paths("/repos/acme/**", "/user")),
                routes(host("a.example"))));
        assertChange(change, ChangeKind.PATHS_WIDENED, Risk.MEDIUM, "a.example:443",
                "path allowlist removed: every path now allowed (was /repos/acme/**, /user)");
    }

    @Test
    void addingAPathWidensAndShowsAPathThatIsNowAllowed() {
        RouteChange change = only(diff(routes(host("a.example").paths("/user")),
                routes(host("a.example").paths("/user", "/emails"))));
        assertChange(change, ChangeKind.PATHS_WIDENED, Risk.MEDIUM, "a.example:443",
                "path allowlist widened (+ /emails): e.g. /emails is now allowed");
    }

    @Test
    void replacingAPatternByABroaderOneWidens() {
        RouteChange change = only(diff(routes(host("a.example").paths("/repos/acme/**")),
                routes(host("a.example").paths("/repos/**"))));
        assertChange(change, ChangeKind.PATHS_WIDENED, Risk.MEDIUM, "a.example:443",
                "path allowlist widened (+ /repos/**; - /repos/acme/**): e.g. /repos is now allowed");
    }

    @Test
    void wideningPathsOnARouteThatInjectsACredentialIsHighRisk() {
        RouteChange change = only(diff(routes(host("a.example").paths("/a").auth("Authorization", "T")),
                routes(host("a.example").paths("/a", "/b").auth("Authorization", "T"))));
        assertThat(change.kind()).isEqualTo(ChangeKind.PATHS_WIDENED);
        assertThat(change.risk()).isEqualTo(Risk.HIGH);
    }

    @Test
    void patternsThatOverlapWithoutContainmentCountAsWidened() {
        RouteChange change = only(diff(routes(host("a.example").paths("/a/**")),
                routes(host("a.example").paths("/b/**"))));
        assertChange(change, ChangeKind.PATHS_WIDENED, Risk.MEDIUM, "a.example:443",
                "path allowlist widened (+ /b/**; - /a/**): e.g. /b is now allowed");
    }

    @Test
    void removingAPathNarrowsAtLowRisk() {
        RouteChange change = only(diff(routes(host("a.example").paths("/user", "/emails")),
                routes(host("a.example").paths("/user"))));
        assertChange(change, ChangeKind.PATHS_NARROWED, Risk.LOW, "a.example:443",
                "path allowlist narrowed (- /emails): e.g. /emails is no longer allowed");
    }

    @Test
    void replacingAPatternByANarrowerOneNarrows() {
        RouteChange change = only(diff(routes(host("a.example").paths("/repos/*/**")),
                routes(host("a.example").paths("/repos/acme/**"))));
        assertChange(change, ChangeKind.PATHS_NARROWED, Risk.LOW, "a.example:443",
                "path allowlist narrowed (+ /repos/acme/**; - /repos/*/**): e.g. /repos/x is no longer allowed");
    }

    @Test
    void addingAnAllowlistNarrowsFromEveryPath() {
        RouteChange change = only(diff(routes(host("a.example")), routes(host("a.example").paths("/user"))));
        assertChange(change, ChangeKind.PATHS_NARROWED, Risk.LOW, "a.example:443",
                "path allowlist added: only /user now allowed (was every path)");
    }

    @Test
    void anAllowlistRewrittenToAllowTheSamePathsIsLowRisk() {
        RouteChange change = only(diff(routes(host("a.example").paths("/a/**")),
                routes(host("a.example").paths("/a/**", "/a/b/*"))));
        assertChange(change, ChangeKind.PATHS_REWRITTEN, Risk.LOW, "a.example:443",
                "path allowlist rewritten (+ /a/b/*): it allows exactly the same paths");
    }

    @Test
    void anAllowlistOfEveryPathIsTheSameAsNone() {
        RouteChange change = only(diff(routes(host("a.example")), routes(host("a.example").paths("/**"))));
        assertThat(change.kind()).isEqualTo(ChangeKind.PATHS_REWRITTEN);
        assertThat(change.risk()).isEqualTo(Risk.LOW);
    }

    @Test
    void reorderingOrRepeatingPatternsIsNoChange() {
        assertThat(diff(routes(host("a.example").paths("/a", "/b")),
                routes(host("a.example").paths("/b", "/a", "/b"))).isEmpty()).isTrue();
    }

    @Test
    void anAllowlistChangeThatCannotBeProvenNarrowerIsACheckableChangeNotANarrowing() {
        Optional<Aspect> aspect = PathAllowlistComparison.compare(
                Optional.of(List.of(new PathPattern("/a/**"))), Optional.of(List.of(new PathPattern("/a/b/**"))),
                new SearchBudget(1));
        assertThat(aspect).isPresent();
        assertThat(aspect.get().kind()).isEqualTo(ChangeKind.PATHS_CHANGED);
        assertThat(aspect.get().sentence()).isEqualTo(
                "path allowlist changed (+ /a/b/**; - /a/**): could not prove it allows no more than before");
        assertThat(RiskPolicy.of(ChangeKind.PATHS_CHANGED, false)).isEqualTo(Risk.MEDIUM);
        assertThat(RiskPolicy.of(ChangeKind.PATHS_CHANGED, true)).isEqualTo(Risk.HIGH);
    }

    @Test
    void adversarialPatternsInManyRoutesAreReportedAsUnprovenChangesWithinBoundedTime() {
        java.util.Random random = new java.util.Random(3);
        RouteSpec[] before = new RouteSpec[40];
        RouteSpec[] after = new RouteSpec[40];
        for (int i = 0; i < before.length; i++) {
            before[i] = host("h" + i + ".example").paths(tangle(random), tangle(random), tangle(random), tangle(random));
            after[i] = host("h" + i + ".example").paths(tangle(random), tangle(random), tangle(random), tangle(random));
        }
        long start = System.nanoTime();
        RoutesChangeSummary summary = diff(routes(before), routes(after));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("semantic diff time in ms").isLessThan(10_000);
        assertThat(summary.changes()).hasSize(40).allSatisfy(c -> assertThat(c.risk()).isNotEqualTo(Risk.LOW));
        assertThat(summary.changes()).anySatisfy(c -> assertThat(c.kind()).isEqualTo(ChangeKind.PATHS_CHANGED));
    }

    /** A pattern like "/**c**a**j..." whose containment questions need huge automata. */
    private static String tangle(java.util.Random random) {
        StringBuilder pattern = new StringBuilder("/");
        for (int i = 0; i < 12; i++) {
            pattern.append("**").append("abcdefghij".charAt(random.nextInt(10)));
        }
        return pattern.toString();
    }

    // --- methods ---

    @Test
    void removingTheMethodsRestrictionWidensToEveryMethod() {
        RouteChange change = only(diff(routes(host("a.example").methods("GET", "HEAD")), routes(host("a.example"))));
        assertChange(change, ChangeKind.METHODS_WIDENED, Risk.MEDIUM, "a.example:443",
                "methods restriction removed: every method now allowed (was GET, HEAD)");
    }

    @Test
    void addingAMethodWidens() {
        RouteChange change = only(diff(routes(host("a.example").methods("GET")),
                routes(host("a.example").methods("GET", "POST"))));
        assertChange(change, ChangeKind.METHODS_WIDENED, Risk.MEDIUM, "a.example:443", "methods widened (+ POST)");
    }

    @Test
    void swappingMethodsCountsAsWidened() {
        RouteChange change = only(diff(routes(host("a.example").methods("GET")),
                routes(host("a.example").methods("DELETE"))));
        assertChange(change, ChangeKind.METHODS_WIDENED, Risk.MEDIUM, "a.example:443",
                "methods widened (+ DELETE; - GET)");
    }

    @Test
    void wideningMethodsOnARouteThatInjectsACredentialIsHighRisk() {
        RouteChange change = only(diff(routes(host("a.example").methods("GET").auth("Authorization", "T")),
                routes(host("a.example").auth("Authorization", "T"))));
        assertThat(change.kind()).isEqualTo(ChangeKind.METHODS_WIDENED);
        assertThat(change.risk()).isEqualTo(Risk.HIGH);
    }

    @Test
    void removingAMethodNarrowsAtLowRisk() {
        RouteChange change = only(diff(routes(host("a.example").methods("GET", "POST")),
                routes(host("a.example").methods("GET"))));
        assertChange(change, ChangeKind.METHODS_NARROWED, Risk.LOW, "a.example:443", "methods narrowed (- POST)");
    }

    @Test
    void addingAMethodsRestrictionNarrowsFromEveryMethod() {
        RouteChange change = only(diff(routes(host("a.example")), routes(host("a.example").methods("GET"))));
        assertChange(change, ChangeKind.METHODS_NARROWED, Risk.LOW, "a.example:443",
                "methods restricted to GET (was every method)");
    }

    // --- private addresses ---

    @Test
    void turningOnAllowPrivateIsHighRisk() {
        RouteChange change = only(diff(routes(host("a.example")), routes(host("a.example").allowPrivate())));
        assertChange(change, ChangeKind.PRIVATE_ADDRESSES_ALLOWED, Risk.HIGH, "a.example:443",
                "allow_private turned on: may now reach private, loopback and link-local addresses");
    }

    @Test
    void turningOffAllowPrivateIsLowRisk() {
        RouteChange change = only(diff(routes(host("a.example").allowPrivate()), routes(host("a.example"))));
        assertChange(change, ChangeKind.PRIVATE_ADDRESSES_DISALLOWED, Risk.LOW, "a.example:443",
                "allow_private turned off: private, loopback and link-local addresses refused again");
    }

    @Test
    void aNewRouteWithAllowPrivateIsFlaggedHighBesidesBeingAdded() {
        RoutesChangeSummary summary = diff(routes(host("a.example")),
                routes(host("a.example"), host("db.internal").allowPrivate()));
        assertThat(change(summary, ChangeKind.PRIVATE_ADDRESSES_ALLOWED, "db.internal:443").risk()).isEqualTo(Risk.HIGH);
        assertThat(change(summary, ChangeKind.ROUTE_ADDED, "db.internal:443").risk()).isEqualTo(Risk.MEDIUM);
        assertThat(summary.changes().get(0).kind()).isEqualTo(ChangeKind.PRIVATE_ADDRESSES_ALLOWED);
    }

    // --- credentials ---

    @Test
    void addingACredentialToARouteIsHighRisk() {
        RouteChange change = only(diff(routes(host("api.github.com")),
                routes(host("api.github.com").auth("Authorization", "GITHUB_TOKEN", "Bearer "))));
        assertChange(change, ChangeKind.CREDENTIAL_ADDED, Risk.HIGH, "api.github.com:443",
                "credential added: secret GITHUB_TOKEN injected as header Authorization");
    }

    @Test
    void aNewHostWithACredentialIsAddedAndFlaggedHigh() {
        RoutesChangeSummary summary = diff(routes(host("a.example")),
                routes(host("a.example"), host("api.openai.com").auth("Authorization", "OPENAI")));
        assertThat(summary.changes()).extracting(RouteChange::kind)
                .containsExactly(ChangeKind.CREDENTIAL_ADDED, ChangeKind.ROUTE_ADDED);
        assertThat(summary.overallRisk()).contains(Risk.HIGH);
    }

    @Test
    void removingACredentialIsLowRisk() {
        RouteChange change = only(diff(routes(host("a.example").auth("X-Api-Key", "K")), routes(host("a.example"))));
        assertChange(change, ChangeKind.CREDENTIAL_REMOVED, Risk.LOW, "a.example:443",
                "credential removed: secret K is no longer sent (was header X-Api-Key)");
    }

    @Test
    void changingTheSecretIsHighRisk() {
        RouteChange change = only(diff(routes(host("a.example").auth("Authorization", "OLD")),
                routes(host("a.example").auth("Authorization", "NEW"))));
        assertChange(change, ChangeKind.CREDENTIAL_SECRET_CHANGED, Risk.HIGH, "a.example:443",
                "credential secret changed from OLD to NEW (header Authorization)");
    }

    @Test
    void changingTheSecretToOneSentElsewhereSaysWhere() {
        RoutesChangeSummary summary = diff(
                routes(host("a.example").auth("Authorization", "A"), host("b.example").auth("Authorization", "B")),
                routes(host("a.example").auth("X-Token", "B"), host("b.example").auth("Authorization", "B")));
        assertChange(only(summary), ChangeKind.CREDENTIAL_SECRET_CHANGED, Risk.HIGH, "a.example:443",
                "credential secret changed from A to B and header from Authorization to X-Token; "
                        + "B was until now sent only to b.example:443");
    }

    @Test
    void changingTheHeaderIsMediumRisk() {
        RouteChange change = only(diff(routes(host("a.example").auth("Authorization", "T")),
                routes(host("a.example").auth("X-Forwarded-For", "T"))));
        assertChange(change, ChangeKind.CREDENTIAL_HEADER_CHANGED, Risk.MEDIUM, "a.example:443",
                "credential header changed from Authorization to X-Forwarded-For (secret T)");
    }

    @Test
    void changingOnlyTheCaseOfTheHeaderNameIsNoChange() {
        assertThat(diff(routes(host("a.example").auth("Authorization", "T")),
                routes(host("a.example").auth("authorization", "T"))).isEmpty()).isTrue();
    }

    @Test
    void changingThePrefixIsLowRiskAndShowsItQuoted() {
        RouteChange change = only(diff(routes(host("a.example").auth("Authorization", "T", "token ")),
                routes(host("a.example").auth("Authorization", "T", "Bearer "))));
        assertChange(change, ChangeKind.CREDENTIAL_PREFIX_CHANGED, Risk.LOW, "a.example:443",
                "credential prefix changed from \"token \" to \"Bearer \" (secret T)");
    }

    @Test
    void movingACredentialToAnotherHostIsHighRiskAndSaysWhereItCameFrom() {
        RoutesChangeSummary summary = diff(
                routes(host("api.github.com").auth("Authorization", "GITHUB_TOKEN")),
                routes(host("api.github.com"), host("gist.evil.example").auth("Authorization", "GITHUB_TOKEN")));
        assertChange(change(summary, ChangeKind.CREDENTIAL_MOVED, "gist.evil.example:443"),
                ChangeKind.CREDENTIAL_MOVED, Risk.HIGH, "gist.evil.example:443",
                "credential moved here from api.github.com:443: secret GITHUB_TOKEN, never sent to this route before,"
                        + " injected as header Authorization");
        assertThat(change(summary, ChangeKind.CREDENTIAL_REMOVED, "api.github.com:443").risk()).isEqualTo(Risk.LOW);
        assertThat(summary.changes().get(0).kind()).isEqualTo(ChangeKind.CREDENTIAL_MOVED);
    }

    @Test
    void sendingACredentialToASecondHostIsHighRisk() {
        RoutesChangeSummary summary = diff(
                routes(host("api.github.com").auth("Authorization", "GITHUB_TOKEN")),
                routes(host("api.github.com").auth("Authorization", "GITHUB_TOKEN"),
                        host("collector.example").auth("Authorization", "GITHUB_TOKEN")));
        assertChange(change(summary, ChangeKind.CREDENTIAL_SHARED, "collector.example:443"),
                ChangeKind.CREDENTIAL_SHARED, Risk.HIGH, "collector.example:443",
                "credential shared: secret GITHUB_TOKEN, until now sent only to api.github.com:443,"
                        + " also sent here as header Authorization");
    }

    @Test
    void aCredentialFollowingAPortChangeIsStillFlaggedBecauseTheRouteIsNew() {
        RoutesChangeSummary summary = diff(routes(host("a.example").auth("Authorization", "T")),
                routes(host("a.example").port(8443).auth("Authorization", "T")));
        assertThat(change(summary, ChangeKind.CREDENTIAL_MOVED, "a.example:8443").risk()).isEqualTo(Risk.HIGH);
    }

    // --- the summary ---

    @Test
    void changesAreOrderedByRiskThenHostThenPortThenKind() {
        RoutesChangeSummary summary = diff(
                routes(host("b.example").methods("GET", "POST"), host("c.example").port(80), host("c.example")),
                routes(host("b.example").methods("GET"), host("c.example").port(8443), host("c.example").port(80),
                        host("c.example"), host("a.example"), host("*.z.example")));
        assertThat(summary.changes()).extracting(c -> c.risk() + " " + c.routeKey().orElseThrow()).containsExactly(
                "HIGH *.z.example:443",
                "MEDIUM a.example:443",
                "MEDIUM c.example:8443",
                "LOW b.example:443");
    }

    @Test
    void theOverallRiskIsTheHighestOfAllChanges() {
        RoutesChangeSummary summary = diff(routes(host("a.example").methods("GET", "POST")),
                routes(host("a.example").methods("GET"), host("b.example")));
        assertThat(summary.overallRisk()).contains(Risk.MEDIUM);
        assertThat(summary.count(Risk.MEDIUM)).isEqualTo(1);
        assertThat(summary.count(Risk.LOW)).isEqualTo(1);
        assertThat(summary.count(Risk.HIGH)).isZero();
    }
}
