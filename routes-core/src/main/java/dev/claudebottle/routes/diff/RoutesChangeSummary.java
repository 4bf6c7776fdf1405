package dev.claudebottle.routes.diff;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The semantic difference between two routes policies: every change with its risk, in a stable
 * order — policy-wide changes first, then by risk (HIGH first), route host, port, kind and sentence.
 * Empty when both policies allow exactly the same thing in the same way.
 */
public record RoutesChangeSummary(List<RouteChange> changes) {
    static final Comparator<RouteChange> ORDER = Comparator
            .comparing((RouteChange c) -> !c.kind().isPolicyWide())
            .thenComparing(RouteChange::risk, Comparator.reverseOrder())
            .thenComparing(c -> host(c.routeKey()))
            .thenComparingInt(c -> port(c.routeKey()))
            .thenComparing(RouteChange::kind)
            .thenComparing(RouteChange::sentence);

    public RoutesChangeSummary {
        if (changes == null) {
            throw new IllegalArgumentException("changes must not be null");
        }
        changes = changes.stream().sorted(ORDER).toList();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The highest risk of any change; empty when nothing changed. */
    public Optional<Risk> overallRisk() {
        return changes.stream().map(RouteChange::risk).max(Comparator.naturalOrder());
    }

    /** How many changes carry exactly this risk. */
    public int count(Risk risk) {
        return (int) changes.stream().filter(c -> c.risk() == risk).count();
    }

    private static String host(Optional<String> key) {
        return key.map(k -> k.substring(0, k.lastIndexOf(':'))).orElse("");
    }

    private static int port(Optional<String> key) {
        return key.map(k -> Integer.parseInt(k.substring(k.lastIndexOf(':') + 1))).orElse(0);
    }
}
