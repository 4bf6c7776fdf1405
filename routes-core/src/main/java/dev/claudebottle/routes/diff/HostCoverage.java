package dev.claudebottle.routes.diff;

import dev.claudebottle.routes.HostPattern;
import dev.claudebottle.routes.Route;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which other route decides a route's hosts when that route is absent: exact hosts beat wildcards
 * and a longer wildcard suffix beats a shorter one, so the answer is the most specific wildcard on
 * the same port whose hosts include all of this route's hosts.
 */
final class HostCoverage {
    private HostCoverage() {}

    static Optional<Route> fallbackFor(Route route, Collection<Route> candidates) {
        return candidates.stream()
                .filter(c -> c.port() == route.port() && c.host().isWildcard() && !c.key().equals(route.key()))
                .filter(c -> covers(c.host(), route.host()))
                .max(Comparator.comparingInt((Route c) -> c.host().suffix().length()));
    }

    /** Whether every host {@code inner} names is also matched by the wildcard {@code wildcard}. */
    private static boolean covers(HostPattern wildcard, HostPattern inner) {
        String suffix = wildcard.suffix();
        return inner.isWildcard()
                ? inner.suffix().endsWith("." + suffix)
                : wildcard.matches(inner.pattern());
    }
}
