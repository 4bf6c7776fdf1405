package dev.claudebottle.routes.diff;

import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What changes between two routes policies in terms of what the bottle can reach and which
 * credentials go where. Routes are matched by key ({@code host:port}); order in the file does not
 * matter (matching is by specificity). {@link #between} is thread-safe: each call works on its own
 * private instance, which holds that call's working state.
 */
public final class SemanticDiff {
    private final Map<String, Route> before;
    private final Map<String, Route> after;
    private final CredentialComparison credentials;
    private final RouteComparison routes;
    private final List<RouteChange> changes = new ArrayList<>();

    private SemanticDiff(Routes old, Routes neu) {
        this.before = byKey(old);
        this.after = byKey(neu);
        this.credentials = new CredentialComparison(CredentialGrants.of(old), CredentialGrants.of(neu));
        this.routes = new RouteComparison(credentials, SearchBudget.perDiff());
    }

    /** Every semantic change from {@code old} to {@code neu}, each with its risk. */
    public static RoutesChangeSummary between(Routes old, Routes neu) {
        if (old == null || neu == null) {
            throw new IllegalArgumentException("both routes policies are required");
        }
        return new SemanticDiff(old, neu).summary();
    }

    private RoutesChangeSummary summary() {
        if (before.isEmpty() && !after.isEmpty()) {
            policyWide(ChangeKind.FIRST_ROUTES, "first routes: until now the bottle could reach nothing");
        } else if (!before.isEmpty() && after.isEmpty()) {
            policyWide(ChangeKind.ALL_ROUTES_REMOVED, "every route removed: the bottle can reach nothing (deny everything)");
        }
        after.forEach((key, route) -> {
            Route old = before.get(key);
            if (old == null) {
                added(route);
            } else {
                for (Aspect aspect : routes.compare(key, old, route)) {
                    add(aspect, key, RiskPolicy.of(aspect.kind(), route.auth().isPresent()));
                }
            }
        });
        before.forEach((key, route) -> {
            if (!after.containsKey(key)) {
                removed(route);
            }
        });
        return new RoutesChangeSummary(changes);
    }

    private void added(Route route) {
        String key = route.key();
        String previously = HostCoverage.fallbackFor(route, before.values())
                .map(r -> "; until now handled by " + r.key()).orElse("");
        if (route.host().isWildcard()) {
            String suffix = route.host().suffix();
            String breadth = suffix.chars().filter(c -> c == '.').count() == 1 ? ": a whole domain" : "";
            add(new Aspect(ChangeKind.WILDCARD_ROUTE_ADDED, "wildcard host added (any subdomain of " + suffix
                    + ", at any depth" + breadth + "): " + Wording.scope(route) + previously), key);
        } else {
            add(new Aspect(ChangeKind.ROUTE_ADDED, "host added: " + Wording.scope(route) + previously), key);
        }
        if (route.allowPrivate()) {
            add(new Aspect(ChangeKind.PRIVATE_ADDRESSES_ALLOWED,
                    "allow_private: may reach private, loopback and link-local addresses"), key);
        }
        route.auth().ifPresent(auth -> add(credentials.gained(key, auth), key));
    }

    private void removed(Route route) {
        String key = route.key();
        String credential = route.auth().map(a -> " (it injected secret " + a.secretName() + ")").orElse("");
        Optional<Route> fallback = HostCoverage.fallbackFor(route, after.values());
        if (fallback.isEmpty()) {
            add(new Aspect(ChangeKind.ROUTE_REMOVED, "host removed" + credential), key, Risk.LOW);
            return;
        }
        Route successor = fallback.get();
        boolean successorInjects = successor.auth().isPresent();
        List<Aspect> differences = routes.compare(key, route, successor);
        List<String> openings = differences.stream()
                .filter(d -> RiskPolicy.of(d.kind(), successorInjects) != Risk.LOW)
                .map(Aspect::sentence).toList();
        String sentence = "host removed" + credential + "; its requests now fall under " + successor.key()
                + (openings.isEmpty() ? ", which allows no more" : ", which differs: " + String.join("; ", openings));
        add(new Aspect(ChangeKind.ROUTE_REMOVED, sentence), key, RiskPolicy.ofFallback(differences, successorInjects));
    }

    private void policyWide(ChangeKind kind, String sentence) {
        changes.add(new RouteChange(kind, RiskPolicy.of(kind, false), Optional.empty(), sentence));
    }

    private void add(Aspect aspect, String key) {
        add(aspect, key, RiskPolicy.of(aspect.kind(), false));
    }

    private void add(Aspect aspect, String key, Risk risk) {
        changes.add(new RouteChange(aspect.kind(), risk, Optional.of(key), aspect.sentence()));
    }

    private static Map<String, Route> byKey(Routes routes) {
        Map<String, Route> byKey = new TreeMap<>();
        for (Route route : routes.routes()) {
            byKey.put(route.key(), route);
        }
        return byKey;
    }
}
