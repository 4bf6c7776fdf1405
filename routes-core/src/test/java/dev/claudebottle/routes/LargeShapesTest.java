package dev.claudebottle.routes;

import static dev.claudebottle.routes.ParsedFiles.problems;
import static dev.claudebottle.routes.ParsedFiles.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The shapes where the parser and matcher switch from a scan to a hash (more than 8 keys in a mapping, more than 8
 * patterns in an allowlist), keep several routes per host, or report a problem deep in the tree: what they report
 * must be exactly what a small file of the same fault reports, from either reader.
 */
class LargeShapesTest {

    /** A route with {@code unknown} unknown keys after its host, then its host again. */
    private static String yamlRouteWithKeys(int unknown) {
        StringBuilder out = new StringBuilder("version: 1\nroutes:\n  - host: a.example.com\n");
        for (int i = 0; i < unknown; i++) {
            out.append("    k").append(i).append(": 1\n");
        }
        return out.append("    host: b.example.com\n").toString();
    }

    private static String jsonRouteWithKeys(int unknown) {
        String keys = IntStream.range(0, unknown).mapToObj(i -> "\"k" + i + "\": 1, ").collect(Collectors.joining());
        return "{\"version\": 1, \"routes\": [\n{\"host\": \"a.example.com\", " + keys + "\"host\": \"b.example.com\"}\n]}\n";
    }

    private static List<Problem> duplicates(String text) {
        return problems(text).stream().filter(p -> p.message().startsWith("duplicate")).toList();
    }

    @Test
    void aDuplicateKeyAfterManyKeysIsFoundAndNamesTheFirst() {
        for (int unknown : new int[] {0, 1, 7, 8, 9, 40}) {
            List<Problem> yaml = duplicates(yamlRouteWithKeys(unknown));
            assertThat(yaml).as("YAML, %d other keys", unknown).containsExactly(new Problem(4 + unknown, 5, "routes[0].host",
                    "duplicate key `host`; it is already set at line 3, column 5"));
            List<Problem> json = duplicates(jsonRouteWithKeys(unknown));
            assertThat(json).as("JSON, %d other keys", unknown).hasSize(1);
            assertThat(json.get(0).path()).isEqualTo("routes[0].host");
            assertThat(json.get(0).message()).isEqualTo("duplicate key `host`; it is already set at line 2, column 2");
        }
    }

    @Test
    void everyKeyOfAWideMappingIsKeptInOrderAndEachDuplicateReportedOnce() {
        // 12 distinct unknown keys, each written twice: 12 unknown-key problems and 12 duplicate problems, none lost.
        StringBuilder yaml = new StringBuilder("version: 1\nroutes:\n  - host: a.example.com\n");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 12; i++) {
                yaml.append("    k").append(i).append(": ").append(round).append('\n');
            }
        }
        List<Problem> all = problems(yaml.toString());
        assertThat(all.stream().filter(p -> p.message().startsWith("duplicate key"))).hasSize(12)
                .allSatisfy(p -> assertThat(p.line()).isBetween(16, 27));
        assertThat(all.stream().filter(p -> p.message().startsWith("unknown key")).map(Problem::path))
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "routes[0].k" + i).toList());
    }

    @Test
    void aDuplicatePatternInAShortOrLongAllowlistNamesItsFirstListing() {
        for (int patterns : new int[] {2, 8, 9, 30}) {
            String list = IntStream.range(0, patterns).mapToObj(i -> "      - /p" + i + "\n").collect(Collectors.joining());
            String text = "version: 1\nroutes:\n  - host: a.example.com\n    path_allowlist:\n" + list + "      - /p1\n";
            assertThat(problems(text)).as("%d patterns", patterns).containsExactly(new Problem(5 + patterns, 9,
                    "routes[0].path_allowlist[" + patterns + "]", "duplicate path pattern `/p1`; already listed at line 6, column 9"));
        }
    }

    @Test
    void aLongAllowlistWithoutDuplicatesIsKeptWholeAndInOrder() {
        List<String> patterns = IntStream.range(0, 25).mapToObj(i -> "/p" + i + "/**").toList();
        String text = "{\"routes\": [{\"host\": \"a.example.com\", \"path_allowlist\": ["
                + patterns.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ")) + "]}]}";
        Route route = valid(text).routes().get(0);
        assertThat(route.pathAllowlist().orElseThrow()).extracting(PathPattern::pattern).containsExactlyElementsOf(patterns);
        RouteMatcher matcher = RouteMatcher.of(valid(text));
        assertThat(matcher.decide(new RequestTarget("a.example.com", 443, "GET", "/p24/x")).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(matcher.decide(new RequestTarget("a.example.com", 443, "GET", "/p25/x")).reason())
                .isEqualTo(DecisionReason.PATH_NOT_ALLOWED);
    }

    @Test
    void problemsDeepInTheTreeCarryTheirFullPathFromTheYamlReader() {
        String text = """
                version: 1
                routes:
                  - host: &h a.example.com
                  - host: b.example.com
                    path_allowlist: [/a, /b, *h]
                  - host: c.example.com
                    auth: {header: X-Key, secret: K, "we ird": 1, header: Y}
                """;
        assertThat(problems(text)).extracting(Problem::path).containsExactly(
                "routes[0].host", "routes[1].path_allowlist[2]", "routes[2].auth[\"we ird\"]", "routes[2].auth.header");
    }

    @Test
    void oneHostOnSeveralPortsKeepsEachPortAndNamesTheFirstRouteForAnotherPort() {
        Routes routes = valid("""
                routes:
                  - {host: a.example.com, port: 8443, path_allowlist: [/eight/**]}
                  - {host: a.example.com, port: 443, path_allowlist: [/four/**]}
                  - {host: a.example.com, port: 9443}
                  - {host: "*.example.com", port: 443}
                """);
        RouteMatcher matcher = RouteMatcher.of(routes);
        assertThat(matcher.decide(new RequestTarget("a.example.com", 8443, "GET", "/eight/x")).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(matcher.decide(new RequestTarget("a.example.com", 443, "GET", "/eight/x")).reason())
                .isEqualTo(DecisionReason.PATH_NOT_ALLOWED);
        assertThat(matcher.decide(new RequestTarget("a.example.com", 443, "GET", "/four/x")).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(matcher.decide(new RequestTarget("a.example.com", 9443, "GET", "/any")).verdict()).isEqualTo(Verdict.ALLOW);
        Decision otherPort = matcher.decide(new RequestTarget("a.example.com", 1234, "GET", "/"));
        assertThat(otherPort.reason()).isEqualTo(DecisionReason.PORT_NOT_ALLOWED);
        assertThat(otherPort.explanation()).contains("routes[0] (a.example.com:8443) covers this host on another port");
    }

    @Test
    void theMatcherRefusesTheSameHostAndPortTwiceEvenPastOtherPorts() {
        HostPattern host = new HostPattern("a.example.com");
        Routes routes = new Routes(1, List.of(
                new Route(0, host, 443, Optional.empty(), Optional.empty(), false, Optional.empty()),
                new Route(1, host, 8443, Optional.empty(), Optional.empty(), false, Optional.empty()),
                new Route(2, host, 8443, Optional.empty(), Optional.empty(), false, Optional.empty())));
        assertThatThrownBy(() -> RouteMatcher.of(routes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("routes[2] covers the same host and port as routes[1] (a.example.com:8443)");
    }
}
