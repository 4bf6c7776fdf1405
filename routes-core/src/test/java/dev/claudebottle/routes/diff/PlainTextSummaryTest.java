package dev.claudebottle.routes.diff;

import static dev.claudebottle.routes.diff.RouteSpec.host;
import static dev.claudebottle.routes.diff.RouteSpec.routes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.Routes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlainTextSummaryTest {

    @Test
    void rendersOneAlignedLinePerChangeThenTheCounts() {
        RoutesChangeSummary summary = SemanticDiff.between(
                routes(host("api.github.com").methods("GET", "POST")),
                routes(host("api.github.com").methods("GET"), host("*.example.com")));
        assertThat(PlainTextSummary.render(summary)).isEqualTo("""
                HIGH   + *.example.com:443   wildcard host added (any subdomain of example.com, at any depth: a whole domain): every path, every method
                LOW    ~ api.github.com:443  methods narrowed (- POST)

                2 changes: 1 high, 0 medium, 1 low; overall risk HIGH
                """);
    }

    @Test
    void policyWideChangesShowAllRoutesInTheKeyColumn() {
        String text = PlainTextSummary.render(SemanticDiff.between(routes(host("a.example")), Routes.denyAll()));
        assertThat(text).isEqualTo("""
                LOW    - (all routes)   every route removed: the bottle can reach nothing (deny everything)
                LOW    - a.example:443  host removed

                2 changes: 0 high, 0 medium, 2 low; overall risk LOW
                """);
    }

    @Test
    void aSingleChangeIsCountedInTheSingular() {
        String text = PlainTextSummary.render(SemanticDiff.between(routes(host("a.example")),
                routes(host("a.example"), host("b.example"))));
        assertThat(text).endsWith("\n1 change: 0 high, 1 medium, 0 low; overall risk MEDIUM\n");
    }

    @Test
    void noChangesSaysSo() {
        assertThat(PlainTextSummary.render(new RoutesChangeSummary(List.of())))
                .isEqualTo("no semantic change: the bottle can reach exactly what it could before\n");
    }

    @Test
    void writesNoTerminalControlCharacters() {
        RoutesChangeSummary summary = SemanticDiff.between(routes(host("a.example").auth("Authorization", "T")),
                routes(host("b.example").allowPrivate().auth("Authorization", "T"), host("*.c.example")));
        String text = PlainTextSummary.render(summary);
        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    void theKeyWidthAndCountLineAreAvailableToCallersThatColourEachLine() {
        RoutesChangeSummary summary = SemanticDiff.between(routes(host("a.example")), Routes.denyAll());
        assertThat(PlainTextSummary.keyWidth(summary)).isEqualTo("a.example:443".length());
        assertThat(PlainTextSummary.counts(summary)).isEqualTo("2 changes: 0 high, 0 medium, 2 low; overall risk LOW");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> PlainTextSummary.counts(new RoutesChangeSummary(List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLineCanBeRenderedOnItsOwnForColouring() {
        RouteChange change = new RouteChange(ChangeKind.ROUTE_ADDED, Risk.MEDIUM, Optional.of("a.example:443"),
                "host added: every path, every method");
        assertThat(PlainTextSummary.line(change, 16))
                .isEqualTo("MEDIUM + a.example:443     host added: every path, every method");
    }
}
