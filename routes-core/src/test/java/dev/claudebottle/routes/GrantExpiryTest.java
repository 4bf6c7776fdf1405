package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.diff.ChangeKind;
import dev.claudebottle.routes.diff.Risk;
import dev.claudebottle.routes.diff.RouteChange;
import dev.claudebottle.routes.diff.SemanticDiff;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A route's {@code expires}: parsed strictly, enforced by the matcher at the instant it is given, seen by the diff. */
class GrantExpiryTest {
    private static final Instant UNTIL = Instant.parse("2026-12-02T06:30:00Z");
    private static final String GRANTED = """
            routes:
              - host: api.example.com
                path_allowlist: [/v1/**]
                expires: 2026-12-02T06:30:00Z
              - host: "*.example.com"
            """;

    @Test
    void theMatcherAllowsUntilTheInstantAndDeniesFromItOnWithoutFallingThroughToAWiderRoute() {
        RouteMatcher matcher = RouteMatcher.of(ParsedFiles.valid(GRANTED));
        RequestTarget request = new RequestTarget("api.example.com", 443, "GET", "/v1/x");
        assertThat(matcher.decide(request, UNTIL.minusMillis(1)).allowed()).isTrue();
        Decision after = matcher.decide(request, UNTIL);
        assertThat(after.allowed()).isFalse();
        assertThat(after.reason()).isEqualTo(DecisionReason.GRANT_EXPIRED);
        assertThat(after.reason().code()).isEqualTo("grant-expired");
        assertThat(after.explanation()).isEqualTo("routes[0] (api.example.com:443) was granted until 2026-12-02T06:30:00Z;"
                + " that grant has expired, so the request is denied (the agent may propose the change again)");
        // A path outside the grant, a mixed-case host, a trailing dot: all still the expired route, never the wildcard.
        assertThat(matcher.decide(new RequestTarget("API.Example.COM.", 443, "POST", "/other"), UNTIL.plusSeconds(1)).reason())
                .isEqualTo(DecisionReason.GRANT_EXPIRED);
        assertThat(matcher.decide(new RequestTarget("other.example.com", 443, "GET", "/"), UNTIL.plusSeconds(1)).allowed()).isTrue();
    }

    @Test
    void theWriterWritesTheExpiryBackAndTheParserReadsTheSameInstant() {
        Routes routes = ParsedFiles.valid(GRANTED);
        assertThat(routes.routes().getFirst().expires()).contains(UNTIL);
        assertThat(routes.routes().get(1).expires()).isEmpty();
        String written = RoutesWriter.write(routes);
        assertThat(written).contains("    expires: \"2026-12-02T06:30:00Z\"\n");
        assertThat(ParsedFiles.valid(written)).isEqualTo(routes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-02T06:30:00+01:00", "2026-12-02 06:30:00Z", "2026-12-02T06:30Z", "2026-12-02T06:30:00.5Z",
        "2026-12-02", "tomorrow", "2026-13-02T06:30:00Z", "2026-02-30T06:30:00Z", "2026-12-02T24:00:00Z", "2026-12-02t06:30:00z"})
    void anExpiryInAnyOtherSpellingOrNotARealTimeIsRefusedWithItsPosition(String raw) {
        List<String> problems = ParsedFiles.formatted("routes:\n  - host: a.example.com\n    expires: \"" + raw + "\"\n");
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst()).startsWith("3:14: routes[0].expires: ");
    }

    @Test
    void anExpiryThatIsNotAStringIsRefused() {
        assertThat(ParsedFiles.formatted("routes:\n  - host: a.example.com\n    expires: 1764657000\n"))
                .singleElement().asString().startsWith("3:14: routes[0].expires: expected a UTC time");
    }

    @Test
    void theDiffSaysWhenAGrantEndsAndCountsLongerOrPermanentAsAnOpening() {
        Routes permanent = ParsedFiles.valid("routes:\n  - host: api.example.com\n");
        Routes granted = ParsedFiles.valid("routes:\n  - host: api.example.com\n    expires: 2026-12-02T06:30:00Z\n");
        Routes later = ParsedFiles.valid("routes:\n  - host: api.example.com\n    expires: 2026-12-03T06:30:00Z\n");
        Routes none = ParsedFiles.valid("routes: []\n");
        assertThat(only(none, granted).sentence()).isEqualTo("host added: every path, every method; until 2026-12-02T06:30:00Z");
        assertThat(only(permanent, granted)).extracting(RouteChange::kind, RouteChange::risk)
                .containsExactly(ChangeKind.EXPIRY_ADDED, Risk.LOW);
        assertThat(only(granted, permanent)).extracting(RouteChange::kind, RouteChange::risk)
                .containsExactly(ChangeKind.EXPIRY_REMOVED, Risk.MEDIUM);
        assertThat(only(granted, later)).extracting(RouteChange::kind, RouteChange::risk, RouteChange::sentence)
                .containsExactly(ChangeKind.EXPIRY_EXTENDED, Risk.MEDIUM,
                        "grant extended: expires 2026-12-03T06:30:00Z (was 2026-12-02T06:30:00Z)");
        assertThat(only(later, granted)).extracting(RouteChange::kind, RouteChange::risk)
                .containsExactly(ChangeKind.EXPIRY_SHORTENED, Risk.LOW);
        Routes credential = ParsedFiles.valid("routes:\n  - host: api.example.com\n    expires: 2026-12-02T06:30:00Z\n"
                + "    auth: {header: Authorization, secret: TOKEN}\n");
        Routes credentialForever = ParsedFiles.valid("routes:\n  - host: api.example.com\n"
                + "    auth: {header: Authorization, secret: TOKEN}\n");
        assertThat(only(credential, credentialForever).risk()).isEqualTo(Risk.HIGH);
    }

    private static RouteChange only(Routes old, Routes neu) {
        List<RouteChange> changes = SemanticDiff.between(old, neu).changes().stream()
                .filter(c -> c.kind() != ChangeKind.FIRST_ROUTES).toList();
        assertThat(changes).hasSize(1);
        return changes.getFirst();
    }
}
