package dev.claudebottle.routes;

import static dev.claudebottle.routes.ParsedFiles.formatted;
import static dev.claudebottle.routes.ParsedFiles.onlyRoute;
import static dev.claudebottle.routes.ParsedFiles.problem;
import static dev.claudebottle.routes.ParsedFiles.problems;
import static dev.claudebottle.routes.ParsedFiles.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoutesParserTest {

    private static final String FULL_EXAMPLE = """
            version: 1
            routes:
              - host: api.github.com
                port: 443
                path_allowlist:
                  - /repos/acme/**
                  - /user
                methods: [GET, POST]
                allow_private: false
                auth:
                  header: Authorization
                  secret: GITHUB_TOKEN
                  prefix: "Bearer "
            """;

    @Nested
    class Document {
        @Test
        void readsTheDocumentedExample() {
            Route route = onlyRoute(FULL_EXAMPLE);
            assertThat(route).isEqualTo(new Route(0, new HostPattern("api.github.com"), 443,
                    Optional.of(List.of(new PathPattern("/repos/acme/**"), new PathPattern("/user"))),
                    Optional.of(Set.of("GET", "POST")), false,
                    Optional.of(new AuthInjection("Authorization", "GITHUB_TOKEN", "Bearer "))));
        }

        @Test
        void readsTheSameRoutesFromJson() {
            String json = """
                    {"version": 1, "routes": [{"host": "api.github.com", "port": 443,
                      "path_allowlist": ["/repos/acme/**", "/user"], "methods": ["GET", "POST"],
                      "allow_private": false,
                      "auth": {"header": "Authorization", "secret": "GITHUB_TOKEN", "prefix": "Bearer "}}]}
                    """;
            assertThat(valid(json)).isEqualTo(valid(FULL_EXAMPLE));
        }

        @Test
        void keepsTheExactBytesOfAValidFile() {
            RoutesFile file = RoutesFile.of(FULL_EXAMPLE);
            ParseResult.Valid result = (ParseResult.Valid) RoutesParser.parse(file);
            assertThat(result.file()).isEqualTo(file);
            assertThat(result.file().sha256()).isEqualTo(Sha256.of(FULL_EXAMPLE.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void treatsAnEmptyRoutesListAsDenyAll() {
            assertThat(valid("routes: []\n")).isEqualTo(Routes.denyAll());
        }

        @Test
        void acceptsAMissingVersion() {
            assertThat(valid("routes: []").version()).isEqualTo(1);
        }

        @Test
        void rejectsAnyVersionButOne() {
            assertThat(problem("version: 2\nroutes: []\n").toString()).contains("version must be 1");
        }

        @Test
        void rejectsAQuotedVersion() {
            Problem p = problem("version: \"1\"\nroutes: []\n");
            assertThat(p.message()).isEqualTo("expected the integer 1, got a string (`1`)");
        }

        @Test
        void requiresRoutes() {
            Problem p = problem("version: 1\n");
            assertThat(p).isEqualTo(new Problem(1, 1, "routes", "missing `routes`; write `routes: []` to deny everything"));
        }

        @Test
        void rejectsRoutesThatIsNotAList() {
            Problem p = problem("routes: {}\n");
            assertThat(p.path()).isEqualTo("routes");
            assertThat(p.message()).isEqualTo("expected a list of routes (`[]` denies everything), got a mapping");
        }

        @Test
        void rejectsNullRoutes() {
            assertThat(problem("routes:\n").message()).contains("got null");
        }

        @Test
        void rejectsADocumentThatIsNotAMapping() {
            assertThat(problem("- host: a.com\n").message()).isEqualTo("expected a mapping with a `routes` list, got a list");
        }

        @Test
        void rejectsAnEmptyFile() {
            assertThat(problem("").message()).contains("no content");
            assertThat(problem("# just a comment\n").message()).contains("no content");
        }

        @Test
        void acceptsAByteOrderMarkAndAnExplicitDocumentStart() {
            assertThat(valid("\uFEFF---\nroutes: []\n...\n")).isEqualTo(Routes.denyAll());
        }

        @Test
        void acceptsComments() {
            assertThat(valid("# policy\nroutes: [] # nothing yet\n")).isEqualTo(Routes.denyAll());
        }

        @Test
        void numbersRoutesInFileOrder() {
            Routes routes = valid("routes:\n  - host: a.com\n  - host: b.com\n  - host: c.com\n");
            assertThat(routes.routes()).extracting(Route::index).containsExactly(0, 1, 2);
            assertThat(routes.routes()).extracting(r -> r.host().pattern()).containsExactly("a.com", "b.com", "c.com");
        }
    }

    @Nested
    class Strictness {
        @Test
        void rejectsAnUnknownKeyWithASuggestion() {
            Problem p = problem("routes:\n  - host: a.com\n    metods: [GET]\n");
            assertThat(p).isEqualTo(new Problem(3, 5, "routes[0].metods", "unknown key `metods`; did you mean `methods`?"));
        }

        @Test
        void suggestsKnownKeysWritenInAnotherCase() {
            assertThat(problem("routes:\n  - host: a.com\n    allowPrivate: true\n").message())
                    .isEqualTo("unknown key `allowPrivate`; did you mean `allow_private`?");
        }

        @Test
        void listsTheKnownKeysWhenNothingIsClose() {
            assertThat(problem("routes: []\nzzz: 1\n").message())
                    .isEqualTo("unknown key `zzz`; expected one of: version, routes");
        }

        @Test
        void rejectsUnknownKeysInsideAuth() {
            Problem p = problem("routes:\n  - host: a.com\n    auth: {header: X-Key, secret: KEY, prefx: a}\n");
            assertThat(p.path()).isEqualTo("routes[0].auth.prefx");
            assertThat(p.message()).contains("did you mean `prefix`?");
        }

        @Test
        void rejectsADuplicateKeyAtItsSecondOccurrence() {
            Problem p = problem("routes:\n  - host: a.com\n    port: 443\n    port: 8443\n");
            assertThat(p).isEqualTo(new Problem(4, 5, "routes[0].port", "duplicate key `port`; it is already set at line 3, column 5"));
        }

        @Test
        void rejectsADuplicateKeyInJson() {
            assertThat(problem("{\"routes\": [], \"routes\": []}").message()).startsWith("duplicate key `routes`");
        }

        @Test
        void rejectsAnchorsAndAliases() {
            assertThat(formatted("routes:\n  - host: &h a.com\n  - host: *h\n    port: 8443\n")).containsExactly(
                    "2:11: routes[0].host: YAML anchors (`&h`) are not allowed; write values out in full",
                    "3:11: routes[1].host: YAML aliases (`*h`) are not allowed; write the value out in full");
        }

        /** A dangling alias as the only item of a list once crashed the validator (fuzzing seed -4345370912360039468). */
        @Test
        void rejectsAnAliasInsideAListWithoutFailingInternally() {
            assertThat(formatted("version: 1\nroutes:\n  - host: aaa\n    port: 1\n    path_allowlist:\n      - *a\n"))
                    .containsExactly("6:9: routes[0].path_allowlist[0]: YAML aliases (`*a`) are not allowed; write the value out in full");
            assertThat(formatted("routes:\n  - host: a.com\n    methods: [GET, *m]\n")).containsExactly(
                    "3:20: routes[0].methods[1]: YAML aliases (`*m`) are not allowed; write the value out in full");
            assertThat(formatted("routes:\n  - host: a.com\n    auth: *x\n")).containsExactly(
                    "3:11: routes[0].auth: YAML aliases (`*x`) are not allowed; write the value out in full");
        }

        @Test
        void rejectsAMergeKey() {
            List<Problem> problems = problems("routes:\n  - &base {host: a.com}\n  - <<: *base\n    port: 80\n");
            assertThat(problems).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("unknown key `<<`"));
            assertThat(problems).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("aliases"));
        }

        @Test
        void rejectsExplicitTags() {
            Problem p = problem("routes:\n  - host: !!str a.com\n");
            assertThat(p.message()).isEqualTo("YAML tags (`tag:yaml.org,2002:str`) are not allowed; write a plain value");
            assertThat(problem("routes: !custom []\n").message()).contains("YAML tags");
        }

        @Test
        void rejectsASecondDocument() {
            Problem p = problem("routes: []\n---\nroutes: []\n");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("only one YAML document");
        }

        @Test
        void rejectsAFileOverOneMebibyteBeforeParsing() {
            byte[] big = new byte[RoutesFile.MAX_BYTES + 1];
            java.util.Arrays.fill(big, (byte) '#');
            Problem p = problems(RoutesFile.of(big)).get(0);
            assertThat(p.message()).contains("at most 1048576 bytes");
        }

        @Test
        void acceptsAFileOfExactlyOneMebibyte() {
            byte[] text = "routes: []\n".getBytes(StandardCharsets.UTF_8);
            byte[] file = new byte[RoutesFile.MAX_BYTES];
            java.util.Arrays.fill(file, (byte) ' ');
            System.arraycopy(text, 0, file, 0, text.length);
            assertThat(RoutesParser.parse(file)).isInstanceOf(ParseResult.Valid.class);
        }

        @Test
        void locatesInvalidUtf8() {
            byte[] bytes = "routes:\n  - host: caf\u00e9.com\n".getBytes(StandardCharsets.ISO_8859_1);
            Problem p = problems(RoutesFile.of(bytes)).get(0);
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(14);
            assertThat(p.message()).contains("not valid UTF-8").contains("0xE9");
        }

        @Test
        void reportsASyntaxErrorWithItsLocation() {
            Problem p = problem("routes:\n  - host: a.com\n   port: 1\n");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("YAML syntax error:");
        }

        @Test
        void reportsATabIndentationAsASyntaxError() {
            assertThat(problem("routes:\n\t- host: a.com\n").message()).contains("TAB");
        }

        @Test
        void reportsUnclosedJson() {
            Problem p = problem("{\"routes\": [");
            assertThat(p.message()).startsWith("YAML syntax error:");
        }

        @Test
        void locatesProblemsInFilesWithWindowsLineEndings() {
            Problem p = problem("routes:\r\n  - host: a.example\r\n    port: 0\r\n");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(11);
        }

        @Test
        void reportsExcessiveNestingInsteadOfOverflowing() {
            Problem p = problem("routes: " + "[".repeat(100_000));
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).isNotBlank();
        }

        @Test
        void keepsMessagesShortForHugeKeys() {
            String key = "k".repeat(500_000);
            Problem p = problem("routes: []\n" + key + ": 1\n");
            assertThat(p.message().length()).isLessThan(200);
            assertThat(p.path().length()).isLessThan(100);
        }

        @Test
        void rejectsAComplexKey() {
            assertThat(problem("? [a, b]\n: 1\nroutes: []\n").message()).startsWith("YAML syntax error:");
        }

        @Test
        void rejectsUnicodeLineBreaksThatWouldShiftLineNumbers() {
            // Found by fuzzing: YAML 1.1 counts U+2028 as a line break, editors do not.
            for (char c : new char[] {'\u0085', '\u2028', '\u2029'}) {
                Problem p = problem("routes:\n  - host: \"a" + c + "b\"\n");
                assertThat(p).isEqualTo(new Problem(2, 13, "", String.format(
                        "character U+%04X (a Unicode line break) is not allowed; use a plain newline", (int) c)));
            }
        }

        @Test
        void rejectsUtf16() {
            byte[] utf16 = "routes: []\n".getBytes(StandardCharsets.UTF_16);
            assertThat(problems(RoutesFile.of(utf16)).get(0).message()).contains("not valid UTF-8");
        }

        @Test
        void reportsAForbiddenControlCharacter() {
            Problem p = problem("routes: []\u0007\n");
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("U+0007");
        }
    }

    @Nested
    class Types {
        @Test
        void rejectsAQuotedPort() {
            Problem p = problem("routes:\n  - host: a.com\n    port: \"443\"\n");
            assertThat(p).isEqualTo(new Problem(3, 11, "routes[0].port",
                    "expected an integer port 1..65535, got a string (`443`)"));
        }

        @Test
        void rejectsANumericHostWithAQuotingHint() {
            assertThat(problem("routes:\n  - host: 12\n").message())
                    .isEqualTo("expected a host name (a string), got an integer (`12`; quote it to make it a string)");
        }

        @Test
        void rejectsARouteThatIsNotAMapping() {
            Problem p = problem("routes:\n  - api.github.com\n");
            assertThat(p.path()).isEqualTo("routes[0]");
            assertThat(p.message()).isEqualTo("expected a route (a mapping with at least `host`), got a string (`api.github.com`)");
        }

        @Test
        void acceptsOnlyTrueOrFalseForAllowPrivate() {
            assertThat(onlyRoute("routes: [{host: a.com, allow_private: true}]").allowPrivate()).isTrue();
            assertThat(problem("routes: [{host: a.com, allow_private: yes}]").message())
                    .isEqualTo("expected true or false, got a string (`yes`)");
            assertThat(problem("routes: [{host: a.com, allow_private: \"true\"}]").message()).contains("got a string");
        }

        @Test
        void rejectsAMethodsStringInsteadOfAList() {
            assertThat(problem("routes: [{host: a.com, methods: GET}]").message())
                    .isEqualTo("expected a list of HTTP methods like [GET, POST], got a string (`GET`)");
        }

        @Test
        void rejectsAnAuthThatIsNotAMapping() {
            Problem p = problem("routes: [{host: a.com, auth: GITHUB_TOKEN}]");
            assertThat(p.message()).isEqualTo("expected a mapping with `header` and `secret`, got a string");
        }

        @Test
        void neverRepeatsAValueFoundUnderAuth() {
            Problem p = problem("routes: [{host: a.com, auth: {header: X, secret: [ghp_1234567890abcdefghijklmn]}}]");
            assertThat(p.message()).isEqualTo("expected a secret name (a string), got a list").doesNotContain("ghp_");
        }
    }

    @Nested
    class Hosts {
        @Test
        void requiresAHost() {
            Problem p = problem("routes:\n  - port: 443\n");
            assertThat(p).isEqualTo(new Problem(2, 5, "routes[0].host", "a route needs a `host`"));
        }

        @Test
        void canonicalisesCaseAndTrailingDot() {
            assertThat(onlyRoute("routes: [{host: API.GitHub.COM.}]").host().pattern()).isEqualTo("api.github.com");
        }

        @Test
        void rejectsTheSameHostAndPortTwiceAfterCanonicalisation() {
            Problem p = problem("routes:\n  - host: api.github.com\n  - host: API.github.com.\n    port: 443\n");
            assertThat(p).isEqualTo(new Problem(3, 11, "routes[1].host",
                    "`api.github.com` port 443 is already listed by routes[0] (line 2); merge the two routes into one"));
        }

        @Test
        void allowsTheSameHostOnDifferentPorts() {
            assertThat(valid("routes: [{host: a.com}, {host: a.com, port: 8443}]").routes()).hasSize(2);
        }

        @Test
        void allowsAWildcardBesideItsApex() {
            assertThat(valid("routes: [{host: '*.example.com'}, {host: example.com}]").routes()).hasSize(2);
        }

        @Test
        void rejectsAnUnquotedWildcardWithAHelpfulSyntaxError() {
            // `*` starts a YAML alias; the syntax error still points at the host.
            Problem p = problem("routes:\n  - host: *.example.com\n");
            assertThat(p).isEqualTo(new Problem(2, 11, "", "YAML syntax error: a value starting with `*` must be quoted,"
                    + " as in `host: \"*.example.com\"` (unquoted, YAML reads it as an alias)"));
        }
    }

    @Nested
    class Ports {
        @Test
        void defaultsTo443() {
            assertThat(onlyRoute("routes: [{host: a.com}]").port()).isEqualTo(443);
        }

        @Test
        void rejectsPortsOutsideTheRange() {
            assertThat(problem("routes: [{host: a.com, port: 0}]").message()).isEqualTo("port must be between 1 and 65535, got 0");
            assertThat(problem("routes: [{host: a.com, port: 65536}]").message()).contains("got 65536");
            assertThat(problem("routes: [{host: a.com, port: 99999999999999999999999}]").message()).contains("between 1 and 65535");
            assertThat(problem("routes: [{host: a.com, port: -1}]").message()).contains("plain decimal number");
        }

        @Test
        void rejectsHexOctalAndUnderscoredPorts() {
            for (String port : List.of("0x1bb", "0443", "8_443", "+443")) {
                assertThat(problem("routes: [{host: a.com, port: " + port + "}]").message())
                        .as(port).contains("plain decimal number");
            }
        }

        @Test
        void rejectsAFractionalPort() {
            assertThat(problem("routes: [{host: a.com, port: 443.0}]").message()).contains("got a number with a fraction");
        }
    }

    @Nested
    class Paths {
        @Test
        void keepsPatternsInOrder() {
            Route r = onlyRoute("routes: [{host: a.com, path_allowlist: [/b, /a/*, /c/**]}]");
            assertThat(r.pathAllowlist()).contains(List.of(new PathPattern("/b"), new PathPattern("/a/*"), new PathPattern("/c/**")));
        }

        @Test
        void treatsAMissingAllowlistAsEveryPath() {
            assertThat(onlyRoute("routes: [{host: a.com}]").pathAllowlist()).isEmpty();
        }

        @Test
        void rejectsAnEmptyAllowlist() {
            assertThat(problem("routes: [{host: a.com, path_allowlist: []}]").message())
                    .isEqualTo("`path_allowlist` must not be empty; remove the key to allow every path");
        }

        @Test
        void rejectsADuplicatePattern() {
            Problem p = problem("routes:\n  - host: a.com\n    path_allowlist:\n      - /x\n      - /x\n");
            assertThat(p).isEqualTo(new Problem(5, 9, "routes[0].path_allowlist[1]",
                    "duplicate path pattern `/x`; already listed at line 4, column 9"));
        }

        @Test
        void locatesABadPatternByIndex() {
            Problem p = problem("routes:\n  - host: a.com\n    path_allowlist:\n      - /ok\n      - /a/../b\n");
            assertThat(p.path()).isEqualTo("routes[0].path_allowlist[1]");
            assertThat(p.line()).isEqualTo(5);
        }
    }

    @Nested
    class Methods {
        @Test
        void normalisesMethodsToUpperCase() {
            assertThat(onlyRoute("routes: [{host: a.com, methods: [get, Post]}]").methods()).contains(Set.of("GET", "POST"));
        }

        @Test
        void treatsMissingMethodsAsEveryMethod() {
            assertThat(onlyRoute("routes: [{host: a.com}]").methods()).isEmpty();
        }

        @Test
        void rejectsAnEmptyMethodsList() {
            assertThat(problem("routes: [{host: a.com, methods: []}]").message())
                    .isEqualTo("`methods` must not be empty; remove the key to allow every method");
        }

        @Test
        void rejectsDuplicateMethodsIgnoringCase() {
            Problem p = problem("routes: [{host: a.com, methods: [GET, get]}]");
            assertThat(p.path()).isEqualTo("routes[0].methods[1]");
            assertThat(p.message()).startsWith("duplicate method `GET`");
        }

        @Test
        void rejectsAMethodThatIsNotAnHttpToken() {
            assertThat(problem("routes: [{host: a.com, methods: [\"GET POST\"]}]").message())
                    .isEqualTo("not a valid HTTP method name; write names like GET or POST");
        }

        @Test
        void acceptsExtensionMethods() {
            assertThat(onlyRoute("routes: [{host: a.com, methods: [PROPFIND, m-search]}]").methods())
                    .contains(Set.of("PROPFIND", "M-SEARCH"));
        }
    }

    @Nested
    class Auth {
        @Test
        void readsAnAuthWithoutPrefix() {
            assertThat(onlyRoute("routes: [{host: a.com, auth: {header: X-Api-Key, secret: API_KEY}}]").auth())
                    .contains(new AuthInjection("X-Api-Key", "API_KEY", ""));
        }

        @Test
        void rejectsPartialAuthPair() {
            assertThat(formatted("routes:\n  - host: a.com\n    auth:\n      header: Authorization\n")).containsExactly(
                    "4:7: routes[0].auth.secret: auth needs both `header` and `secret`; `secret` is missing");
            assertThat(problem("routes: [{host: a.com, auth: {secret: KEY}}]").message())
                    .isEqualTo("auth needs both `header` and `secret`; `header` is missing");
        }

        @Test
        void rejectsAnInvalidHeaderName() {
            assertThat(problem("routes: [{host: a.com, auth: {header: 'X Key', secret: KEY}}]").message())
                    .startsWith("`X Key` is not a valid HTTP header name");
        }

        @Test
        void rejectsHeadersTheProxyControls() {
            for (String header : List.of("Host", "content-length", "Transfer-Encoding", "Connection")) {
                assertThat(problem("routes: [{host: a.com, auth: {header: " + header + ", secret: KEY}}]").message())
                        .as(header).contains("controlled by the proxy");
            }
        }

        @Test
        void rejectsASecretThatIsNotAName() {
            assertThat(problem("routes: [{host: a.com, auth: {header: X, secret: 1TOKEN}}]").message())
                    .startsWith("secret must be a name of letters, digits and underscores");
            assertThat(problem("routes: [{host: a.com, auth: {header: X, secret: MY-TOKEN}}]").message())
                    .startsWith("secret must be a name");
        }

        @Test
        void rejectsALiteralTokenInSecretWithoutRepeatingIt() {
            for (String token : List.of("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "sk-proj-abc123",
                    "AKIAIOSFODNN7EXAMPLE", "Bearer abc", "xoxb-123-456", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ")) {
                Problem p = problem("routes: [{host: a.com, auth: {header: X, secret: \"" + token + "\"}}]");
                assertThat(p.message()).as(token).contains("not a credential value").doesNotContain(token);
            }
        }

        @Test
        void acceptsConventionalSecretNames() {
            for (String name : List.of("GITHUB_TOKEN", "github_token", "_X", "OPENAI_API_KEY_2", "A")) {
                assertThat(onlyRoute("routes: [{host: a.com, auth: {header: X, secret: " + name + "}}]").auth())
                        .as(name).map(AuthInjection::secretName).contains(name);
            }
        }

        @Test
        void rejectsAPrefixThatCouldSplitTheHeader() {
            Problem p = problem("routes: [{host: a.com, auth: {header: X, secret: K, prefix: \"a\\r\\nEvil: 1\"}}]");
            assertThat(p.message()).isEqualTo("prefix must be printable ASCII (it becomes part of a header value)");
        }

        @Test
        void rejectsACredentialInThePrefix() {
            Problem p = problem("routes: [{host: a.com, auth: {header: X, secret: K, prefix: \"Bearer ghp_abcdefghijklmnopqrstuvwxyz012345\"}}]");
            assertThat(p.message()).contains("looks like a credential").doesNotContain("ghp_");
        }
    }

    @Nested
    class Reporting {
        @Test
        void reportsEveryProblemInDocumentOrder() {
            String text = """
                    version: 3
                    routes:
                      - host: https://api.github.com
                        port: "443"
                        metods: [GET]
                      - host: '*.com'
                        path_allowlist: [relative]
                        auth: {header: Authorization}
                    extra: true
                    """;
            assertThat(formatted(text)).containsExactly(
                    "1:10: version: version must be 1, the only version so far; got 3",
                    "3:11: routes[0].host: host must be a bare name without a scheme; write `api.github.com`",
                    "4:11: routes[0].port: expected an integer port 1..65535, got a string (`443`)",
                    "5:5: routes[0].metods: unknown key `metods`; did you mean `methods`?",
                    "6:11: routes[1].host: `*.com` would cover a whole top-level domain; a wildcard needs at least two"
                            + " labels after `*.`, like `*.example.com`",
                    "7:22: routes[1].path_allowlist[0]: a path pattern must start with `/`",
                    "8:11: routes[1].auth.secret: auth needs both `header` and `secret`; `secret` is missing",
                    "9:1: extra: unknown key `extra`; expected one of: version, routes");
        }

        @Test
        void locatesProblemsInSingleLineJson() {
            List<Problem> problems = problems("{\"routes\": [{\"host\": \"a.com\", \"port\": 0}, {\"host\": \"\"}]}");
            assertThat(problems).extracting(p -> p.line() + ":" + p.column() + " " + p.path())
                    .containsExactly("1:39 routes[0].port", "1:52 routes[1].host");
        }

        @Test
        void quotesUnusualKeysInPaths() {
            assertThat(problem("routes: []\n\"a.b\": 1\n").path()).isEqualTo("[\"a.b\"]");
        }
    }
}
