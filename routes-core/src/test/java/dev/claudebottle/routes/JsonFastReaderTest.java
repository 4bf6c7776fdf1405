package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON fast path must never change a verdict, a route or a reported position: for every document it
 * takes, it must give exactly what the YAML reader gives for the same text (its YAML twin), and it must
 * decline every document on which the two could disagree.
 */
class JsonFastReaderTest {

    private static final String PRETTY = """
            {
              "version": 1,
              "routes": [
                {
                  "host": "api.github.com",
                  "port": 443,
                  "path_allowlist": ["/repos/acme/**", "/user"],
                  "methods": ["GET", "POST"],
                  "allow_private": false,
                  "auth": {"header": "Authorization", "secret": "GITHUB_TOKEN", "prefix": "Bearer "}
                },
                {"host": "*.example.com", "port": 8443, "expires": "2026-12-02T06:30:00Z"}
              ]
            }
            """;

    @Test
    void aPrettyPrintedJsonFileGivesTheSameRoutesAsItsYamlTwin() {
        assertTakenAndAgrees(PRETTY);
        ParseResult json = RoutesParser.parse(PRETTY.getBytes(StandardCharsets.UTF_8));
        String blockYaml = """
                version: 1
                routes:
                  - host: api.github.com
                    port: 443
                    path_allowlist: [/repos/acme/**, /user]
                    methods: [GET, POST]
                    allow_private: false
                    auth: {header: Authorization, secret: GITHUB_TOKEN, prefix: "Bearer "}
                  - host: "*.example.com"
                    port: 8443
                    expires: "2026-12-02T06:30:00Z"
                """;
        ParseResult yaml = RoutesParser.parse(blockYaml.getBytes(StandardCharsets.UTF_8));
        assertThat(json).isInstanceOf(ParseResult.Valid.class);
        assertThat(((ParseResult.Valid) json).routes()).isEqualTo(((ParseResult.Valid) yaml).routes());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // every kind of problem validation reports, at positions that must match the YAML reader's
        "{\"version\": 2, \"routes\": []}",
        "{\"routes\": [{\"host\": \"a.example\", \"host\": \"b.example\"}]}",
        "{\"routes\": [], \"routes\": [{\"host\": \"x.example\"}]}",
        "{\"routes\": [{\"host\": \"a.example\", \"port\": 0}, {\"host\": \"a.example\", \"port\": 65536}]}",
        "{\"routes\": [{\"host\": \"a.example\", \"port\": -0}]}",
        "{\"routes\": [{\"host\": \"a.example\", \"port\": 99999999999999999999999999999}]}",
        "{\"routes\": [{\"host\": \"a.example\", \"port\": \"443\"}]}",
        "{\"routes\": [{\"host\": \"a.example\"}, {\"host\": \"A.EXAMPLE\"}]}",
        "{\"routes\": [{\"host\": null, \"port\": true, \"methods\": [], \"path_allowlist\": [\"no-slash\"]}]}",
        "{\"routes\": [{\"host\": \"\", \"auth\": {\"header\": \"\", \"secret\": \"lower case\"}}]}",
        "{\"routes\": [{\"host\": \"a.example\", \"methods\": [\"GET\", \"get\", \"BAD METHOD\"]}]}",
        "{\"routes\": [{\"host\": \"a.example\", \"path_allowlist\": [\"/a\", \"/a\", 1, null]}]}",
        "{\"routes\": [{\"host\": \"a.example\", \"expires\": \"tomorrow\", \"unknown\": 1}]}",
        "{\"routes\": [{\"host\": \"*.*.example\"}, {\"host\": \"http://x.example/\"}, {\"host\": \"10.0.0.1\"}]}",
        "{\"routes\": {\"host\": \"a.example\"}}",
        "{\"routes\": [[\"a.example\"], \"b.example\", 1, null, true]}",
        "{\"version\": \"1\", \"routes\": [], \"extra\": {\"nested\": [[[]]]}}",
        "{}",
        "{\"routes\":[{\"host\":\"a.example\",\"port\":443,\"methods\":[\"GET\"]}]}",
        "  \n\n{\"routes\": [\n{\n\"host\": \"a.example\"\n}\n]\n}\n",
        "{\"routes\": [{\"host\": \"a.example\", \"auth\": {\"header\": \"X-Key\", \"secret\": \"K\", \"prefix\": \"# not a comment: {[,]}\"}}]}",
        "{\"\": 1, \"routes\": [{\"host\": \"a.example\", \"\": \"\"}]}",
    })
    void takesJsonAndReportsExactlyWhatTheYamlReaderReports(String text) {
        assertTakenAndAgrees(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // outside the subset both readers agree on: left to the YAML reader
        "{\"routes\": [{\"host\": \"a.example\", \"port\": 443.0}]}",
        "{\"routes\": [{\"host\": \"a.example\", \"port\": 4e2}]}",
        "{\"routes\": [{\"host\": \"a\\u002eexample\"}]}",
        "{\"routes\": [{\"host\": \"a.example\\/\"}]}",
        "{\"routes\":\t[]}",
        "{\"routes\": []}\r\n",
        "{\"routes\": [{\"host\": \"bücher.example\"}]}",
        "{\"routes\"\n: []}",
        "{\"routes\":\n[]}",
        "{\"routes\": []}{\"routes\": []}",
        "{\"routes\": []} # comment",
        "{\"routes\": [}",
        "{\"routes\": [],}",
        "{'routes': []}",
        "{routes: []}",
        "[]",
        "\"routes\"",
        "routes: []",
        "# {\n{\"routes\": []}",
        "{\"a\": [[[[[[[[[[[]]]]]]]]]]], \"routes\": []}",
    })
    void declinesWhatTheTwoReadersCouldDisagreeOn(String text) {
        assertThat(JsonFastReader.read(text)).as("fast path for %s", text).isEmpty();
    }

    @Test
    void declinesAKeyWhoseValueStartsMoreThanAThousandCharactersLater() {
        String longKey = "k".repeat(1100);
        String text = "{\"" + longKey + "\": 1, \"routes\": []}";
        assertThat(JsonFastReader.read(text)).isEmpty();
        // and the YAML reader indeed reads such a key differently (it refuses it), which is why
        assertThat(LocatedYamlReader.read(text).problems()).isNotEmpty();
    }

    /** Random JSON over the routes vocabulary, in every layout; whatever the fast path takes must agree. */
    @Test
    void randomJsonDocumentsTakenByTheFastPathAgreeWithTheYamlReader() {
        Random random = new Random(13);
        int taken = 0;
        for (int i = 0; i < 3000; i++) {
            String text = new RandomJson(random).document();
            Optional<LocatedYamlReader.Document> fast = JsonFastReader.read(text);
            if (fast.isPresent()) {
                taken++;
                assertThat(fast.get()).as("for:%n%s", text).isEqualTo(LocatedYamlReader.read(text));
            }
        }
        assertThat(taken).as("documents the fast path took").isGreaterThan(1500);
    }

    private static void assertTakenAndAgrees(String text) {
        Optional<LocatedYamlReader.Document> fast = JsonFastReader.read(text);
        assertThat(fast).as("fast path for %s", text).isPresent();
        LocatedYamlReader.Document yaml = LocatedYamlReader.read(text);
        assertThat(fast.get()).as("for %s", text).isEqualTo(yaml);
        // and end to end, through validation: the parse result of the text equals the YAML reader's
        assertThat(RoutesParser.parse(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(parseWithYamlOnly(text));
    }

    private static ParseResult parseWithYamlOnly(String text) {
        LocatedYamlReader.Document document = LocatedYamlReader.read(text);
        List<Problem> problems = new java.util.ArrayList<>(document.problems());
        Optional<Routes> routes = Optional.empty();
        if (document.complete() && document.root().isPresent()) {
            RoutesValidator.Validated validated = RoutesValidator.validate(document.root().get());
            problems.addAll(validated.problems());
            routes = validated.routes();
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            return new ParseResult.Invalid(problems);
        }
        return new ParseResult.Valid(routes.orElseThrow(), RoutesFile.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Generates JSON objects from the routes vocabulary with random values, duplicates and whitespace. */
    private static final class RandomJson {
        private static final List<String> KEYS = List.of("version", "routes", "host", "port", "path_allowlist", "methods",
                "allow_private", "auth", "header", "secret", "prefix", "expires", "x", "", "a:b", "#c", "{[,]}");
        private static final List<String> STRINGS = List.of("api.github.com", "*.example.com", "A.Example.COM.", "10.0.0.1",
                "[::1]", "", " ", "/repos/**", "/a/*/b", "GET", "post", "Authorization", "TOKEN_1", "Bearer ", "2026-12-02T06:30:00Z",
                "yes", "null", "~", "*", "&a", "!tag", "- x", "a: b", "'q'", "%", "@", "`", "|", ">");
        private static final List<String> NUMBERS = List.of("0", "1", "-1", "-0", "443", "65535", "65536", "8443",
                "123456789012345678901234567890");
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        RandomJson(Random random) {
            this.random = random;
        }

        String document() {
            space();
            object(0);
            space();
            return out.toString();
        }

        private void object(int depth) {
            out.append('{');
            int n = random.nextInt(depth == 0 ? 4 : 5);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                    space();
                }
                space();
                out.append('"').append(KEYS.get(random.nextInt(KEYS.size()))).append('"');
                out.append(random.nextBoolean() ? ":" : ": ");
                value(depth + 1);
                space();
            }
            out.append('}');
        }

        private void array(int depth) {
            out.append('[');
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                space();
                value(depth + 1);
                space();
            }
            out.append(']');
        }

        private void value(int depth) {
            int kind = random.nextInt(depth > 5 ? 4 : 6);
            switch (kind) {
                case 0 -> out.append('"').append(STRINGS.get(random.nextInt(STRINGS.size()))).append('"');
                case 1 -> out.append(NUMBERS.get(random.nextInt(NUMBERS.size())));
                case 2 -> out.append(List.of("true", "false", "null").get(random.nextInt(3)));
                case 3 -> out.append('"').append(STRINGS.get(random.nextInt(STRINGS.size()))).append('"');
                case 4 -> object(depth);
                default -> array(depth);
            }
        }

        private void space() {
            switch (random.nextInt(5)) {
                case 0 -> out.append('\n');
                case 1 -> out.append("\n  ");
                case 2 -> out.append(' ');
                default -> { }
            }
        }
    }
}
