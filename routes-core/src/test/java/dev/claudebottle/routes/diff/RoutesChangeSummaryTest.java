package dev.claudebottle.routes.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutesChangeSummaryTest {
    private static RouteChange change(ChangeKind kind, Risk risk, String key) {
        return new RouteChange(kind, risk, Optional.ofNullable(key), "sentence for " + kind);
    }

    @Test
    void sortsPolicyWideFirstThenByRiskHostPortAndKind() {
        List<RouteChange> changes = new ArrayList<>(List.of(
                change(ChangeKind.ROUTE_ADDED, Risk.MEDIUM, "b.example:443"),
                change(ChangeKind.METHODS_NARROWED, Risk.LOW, "a.example:443"),
                change(ChangeKind.ROUTE_ADDED, Risk.MEDIUM, "a.example:8443"),
                change(ChangeKind.ROUTE_ADDED, Risk.MEDIUM, "a.example:80"),
                change(ChangeKind.CREDENTIAL_ADDED, Risk.HIGH, "z.example:443"),
                change(ChangeKind.FIRST_ROUTES, Risk.MEDIUM, null),
                change(ChangeKind.PATHS_NARROWED, Risk.LOW, "a.example:443")));
        RoutesChangeSummary summary = new RoutesChangeSummary(changes);
        assertThat(summary.changes()).extracting(c -> c.kind() + " " + c.routeKey().orElse("-")).containsExactly(
                "FIRST_ROUTES -",
                "CREDENTIAL_ADDED z.example:443",
                "ROUTE_ADDED a.example:80",
                "ROUTE_ADDED a.example:8443",
                "ROUTE_ADDED b.example:443",
                "PATHS_NARROWED a.example:443",
                "METHODS_NARROWED a.example:443");
    }

    @Test
    void isImmutable() {
        List<RouteChange> changes = new ArrayList<>(List.of(change(ChangeKind.ROUTE_ADDED, Risk.MEDIUM, "a.example:443")));
        RoutesChangeSummary summary = new RoutesChangeSummary(changes);
        changes.clear();
        assertThat(summary.changes()).hasSize(1);
        assertThatThrownBy(() -> summary.changes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anEmptySummaryHasNoOverallRisk() {
        assertThat(new RoutesChangeSummary(List.of()).overallRisk()).isEmpty();
    }

    @Test
    void aRouteChangeNeedsARouteKeyUnlessItIsPolicyWide() {
        assertThatThrownBy(() -> change(ChangeKind.ROUTE_ADDED, Risk.MEDIUM, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a route key");
        assertThatThrownBy(() -> change(ChangeKind.ALL_ROUTES_REMOVED, Risk.LOW, "a.example:443"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policy-wide");
    }

    @Test
    void aRouteChangeKeyIsHostColonPort() {
        assertThatThrownBy(() -> change(ChangeKind.ROUTE_ADDED, Risk.MEDIUM, "a.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
    }

    @Test
    void aRouteChangeSentenceIsOneLine() {
        assertThatThrownBy(() -> new RouteChange(ChangeKind.ROUTE_ADDED, Risk.MEDIUM, Optional.of("a.example:443"),
                "two\nlines")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
    }

    @Test
    void risksAreOrderedFromLowToHigh() {
        assertThat(Risk.values()).containsExactly(Risk.LOW, Risk.MEDIUM, Risk.HIGH);
        assertThat(Risk.max(Risk.LOW, Risk.HIGH)).isEqualTo(Risk.HIGH);
        assertThat(Risk.max(Risk.MEDIUM, Risk.LOW)).isEqualTo(Risk.MEDIUM);
    }
}
