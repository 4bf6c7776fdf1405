package dev.claudebottle.supervise.application.grants;

import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.Routes;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.routes.RoutesWriter;
import dev.claudebottle.routes.diff.Risk;
import dev.claudebottle.routes.diff.SemanticDiff;
import dev.claudebottle.supervise.model.ConfigFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Time-boxed grants in a routes file: {@link #mark} turns an approved proposal into a grant (every
 * route it adds or changes gets {@code expires}), {@link #grantedUntil} reads the end of a grant
 * back, and {@link #revert} works out the file without the grants that have ended. Files are
 * rewritten canonically ({@link RoutesWriter}), so comments in the proposed file do not survive a grant.
 */
public final class RoutesGrant {
    private RoutesGrant() {}

    /**
     * The proposed file with {@code expires: until} on every route that {@code live} does not have as it is
     * (a route whose own {@code expires} is earlier keeps it).
     *
     * @throws IllegalArgumentException when a file does not parse, or the proposal adds and changes no route
     *     (it only removes or narrows: there is nothing to time-box)
     */
    public static ConfigFile mark(ConfigFile live, ConfigFile proposed, Instant until) {
        Map<String, Route> before = byKey(parse(live, "the live file"));
        Routes neu = parse(proposed, "the proposed file");
        List<Route> marked = new ArrayList<>();
        boolean any = false;
        for (Route route : neu.routes()) {
            Route old = before.get(route.key());
            if (old != null && sameExceptIndex(old, route)) {
                marked.add(route);
                continue;
            }
            any = true;
            marked.add(route.expires().filter(own -> own.isBefore(until)).isPresent() ? route : route.expiring(until));
        }
        if (!any) {
            throw new IllegalArgumentException("the proposal adds or changes no route (it only removes or narrows),"
                    + " so there is nothing to time-box; approve it without --for");
        }
        return ConfigFile.of(RoutesWriter.write(new Routes(neu.version(), marked)));
    }

    /**
     * When the grant the operator made of {@code proposed} ends: the earliest {@code expires} in {@code applied}
     * on a route whose expiry the agent's file did not have. Empty when the approval was not time-boxed.
     */
    public static Optional<Instant> grantedUntil(ConfigFile proposed, ConfigFile applied) {
        Map<String, Route> asProposed;
        Routes routes;
        try {
            asProposed = byKey(parse(proposed, "the proposed file"));
            routes = parse(applied, "the applied file");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return routes.routes().stream()
                .filter(r -> r.expires().isPresent())
                .filter(r -> asProposed.get(r.key()) == null || !asProposed.get(r.key()).expires().equals(r.expires()))
                .map(r -> r.expires().orElseThrow())
                .min(Comparator.naturalOrder());
    }

    /**
     * What reverting the ended grants of {@code live} gives.
     *
     * @param file      the new file
     * @param summaries one sentence per ended grant: which route, until when, and what became of it
     */
    public record Revert(ConfigFile file, List<String> summaries) {
        public Revert {
            summaries = List.copyOf(summaries);
        }
    }

    /**
     * The file without the grants that ended by {@code now}: a route the grant added is removed; a route the
     * grant changed gets back its version from before the grant ({@code beforeGrant}), but only when that
     * version provably allows no more than the route does now (a later change that narrowed it is never
     * undone by widening: the route is removed instead, and the summary says so).
     *
     * @param beforeGrant for an ended route, its version in the file just before the grant, if it had one
     * @return empty when no grant has ended (or the file does not parse: nothing is touched then)
     */
    public static Optional<Revert> revert(ConfigFile live, Instant now, Function<Route, Optional<Route>> beforeGrant) {
        Routes routes;
        try {
            routes = parse(live, "the live file");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (routes.routes().stream().noneMatch(r -> r.expiredAt(now))) {
            return Optional.empty();
        }
        List<Route> kept = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        for (Route route : routes.routes()) {
            if (!route.expiredAt(now)) {
                kept.add(route);
                continue;
            }
            String what = route.key() + " (granted until " + RoutesWriter.expiry(route.expires().orElseThrow()) + ")";
            Optional<Route> earlier = beforeGrant.apply(route).filter(r -> !r.expiredAt(now));
            if (earlier.isEmpty()) {
                summaries.add(what + ": removed");
            } else if (noWider(earlier.get(), route)) {
                kept.add(earlier.get());
                summaries.add(what + ": restored as it was before the grant");
            } else {
                summaries.add(what + ": removed; its version from before the grant was not restored because a later"
                        + " change narrowed the route (restoring it would widen it); add it back by hand if wanted");
            }
        }
        return Optional.of(new Revert(ConfigFile.of(RoutesWriter.write(new Routes(routes.version(), kept))), summaries));
    }

    /** Whether {@code candidate} provably allows no more than {@code current} (the diff from one to the other is all LOW). */
    private static boolean noWider(Route candidate, Route current) {
        Routes now = new Routes(Routes.CURRENT_VERSION, List.of(withoutExpiry(current, 0)));
        Routes then = new Routes(Routes.CURRENT_VERSION, List.of(withoutExpiry(candidate, 0)));
        return SemanticDiff.between(now, then).changes().stream().allMatch(c -> c.risk() == Risk.LOW);
    }

    static boolean sameExceptIndex(Route a, Route b) {
        return withoutExpiry(a, 0).equals(withoutExpiry(b, 0)) && a.expires().equals(b.expires());
    }

    private static Route withoutExpiry(Route r, int index) {
        return new Route(index, r.host(), r.port(), r.pathAllowlist(), r.methods(), r.allowPrivate(), r.auth());
    }

    public static Routes parse(ConfigFile file, String what) {
        return switch (RoutesParser.parse(file.asRoutesFile())) {
            case ParseResult.Valid valid -> valid.routes();
            case ParseResult.Invalid invalid -> throw new IllegalArgumentException(what + " does not validate: "
                    + invalid.problems().getFirst().format("routes.yaml"));
        };
    }

    static Map<String, Route> byKey(Routes routes) {
        return routes.routes().stream().collect(Collectors.toMap(Route::key, r -> r));
    }
}
