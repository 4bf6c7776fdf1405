package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The block-YAML fast path must never change a verdict, a route, a problem or a reported position: for
 * every document it takes, it must give exactly the tree and problems the YAML reader gives, and it must
 * decline every document on which the two could disagree. (Every other parser test checks the same through
 * {@code dev.claudebottle.routes.crossCheckFastPaths}, which routes-core's test run sets.)
 */
class BlockYamlFastReaderTest {

    /** The harness's reload file (ProxyLoadHarness, ReloadTiming): its benchmark route and the first three generated routes. */
    private static final String RELOAD_FILE = """
            routes:
              - host: localhost
                port: 40123
                allow_private: true
                path_allowlist: [/small, /large/*]
                methods: [GET]
                auth: {header: Authorization, secret: BENCH_TOKEN, prefix: "Bearer "}
              - host: svc0.team0.example.com
                path_allowlist: [/repos/org0/**]
              - host: svc1.team1.example.com
                path_allowlist: [/repos/org1/**]
              - host: svc2.team2.example.com
                path_allowlist: [/repos/org2/**]
            """;

    @Test
    void takesTheReloadFileAndTheWritersOutput() {
        assertTakenAndAgrees(RELOAD_FILE);
        String written = RoutesWriter.write(((ParseResult.Valid) RoutesParser.parse(RoutesFile.of("""
                routes:
                  - host: api.github.com
                    path_allowlist: [/repos/acme/**, /user]
                    methods: [GET, POST]
                    auth: {header: Authorization, secret: GITHUB_TOKEN, prefix: "Bearer "}
                    expires: "2026-12-02T06:30:00Z"
                  - host: "*.example.com"
                    port: 8443
                    allow_private: true
                """))).routes());
        assertTakenAndAgrees(written);
    }

    @Test
    void takesALargeGeneratedFileAsTheReloadBenchmarksWriteItAndTheShippedExample() throws IOException {
        StringBuilder large = new StringBuilder("# reload 1 12345\n").append(RELOAD_FILE);
        for (int i = 3; i < 10_000; i++) { // RELOAD_FILE has the first three
            large.append("  - host: svc").append(i).append(".team").append(i % 97).append(".example.com\n")
                    .append("    path_allowlist: [/repos/org").append(i).append("/**]\n");
        }
        assertTakenAndAgrees(large.toString());
        assertThat(((ParseResult.Valid) RoutesParser.parse(RoutesFile.of(large.toString()))).routes().routes()).hasSize(10_001);
        assertTakenAndAgrees(Files.readString(Path.of("../examples/routes.yaml")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // layouts: indentless lists, deeper indents, extra spaces after a dash, comments and blank lines
        "routes:\n- host: a.example\n  port: 443\n- host: b.example\n",
        "version: 1 # the format\n\n# a comment\nroutes:   # the list\n    -   host: a.example   # here\n        path_allowlist:\n"
                + "              - /a/**\n              - '/b c'\n  # a comment at another indent\n        methods: [ GET ,POST ]\n",
        "routes:\n  - host: a.example\n    auth:\n      header: \"X-Key\"\n      secret: 'K'\n      prefix: 'it''s \"q\" '\n",
        "routes:\n  - host: \"a\\\\b\\\"c\"\n",
        "routes: []\nversion: 1",
        "routes:\n  - path_allowlist: []\n    host: a.example\n",
        // every kind of problem validation reports, at positions that must match the YAML reader's
        "version: 2\nroutes: []\n",
        "routes:\n  - host: a.example\n    host: b.example\n",
        "routes: []\nroutes:\n  - host: x.example\n",
        "routes:\n  - host: a.example\n    port: 0\n  - host: a.example\n    port: 65536\n",
        "routes:\n  - host: a.example\n    port: \"443\"\n",
        "routes:\n  - host: a.example\n  - host: A.EXAMPLE\n",
        "routes:\n  - host: a.example\n    port: true\n    methods: []\n    path_allowlist: [no-slash]\n",
        "routes:\n  - host: ''\n    auth:\n      header: \"\"\n      secret: lower\n",
        "routes:\n  - host: a.example\n    methods: [GET, get, \"BAD METHOD\"]\n",
        "routes:\n  - host: a.example\n    path_allowlist: [/a, /a, 1, \"\"]\n",
        "routes:\n  - host: a.example\n    expires: tomorrow\n    unknown: 1\n",
        "routes:\n  - host: \"*.*.example\"\n  - host: \"http://x.example/\"\n  - host: \"10.0.0.1\"\n",
        "routes:\n  host: a.example\n",
        "routes:\n  - [a.example]\n  - b.example\n  - 1\n  - true\n",
        "version: \"1\"\nroutes: []\nextra:\n  nested:\n    - [a]\n",
        "hots: a.example\n",
        // flow collections on one line, as the harness's reload file and hand-written files have them
        "routes:\n  - {host: a.example}\n  - {host: b.example, port: 8443, path_allowlist: [/a, '/b'], methods: []}\n",
        "routes:\n  - host: a.example\n    auth: {header: X, secret: K, prefix: \"Bearer \"}\n",
        "routes:\n  - host: a.example\n    auth: {header: X, header: Z, secret: {}}\n",
        "routes:\n  - host: a.example\n    host2: [[a], {b: [c]}, {}]\n",
        "routes:\n  - host: a.example\n    allow_private: false\n    port: 8443\n    path_allowlist:\n    - /x\n    - /y\n",
    })
    void takesBlockYamlAndReportsExactlyWhatTheYamlReaderReports(String text) {
        assertTakenAndAgrees(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // outside the subset: left to the YAML reader
        "", "# only a comment\n", "routes: &a []\n", "routes: *a\n", "routes: !!seq []\n", "a: &x 1\nb: *x\nroutes: []\n",
        "routes:\n  - host: |\n      a.example\n", "routes:\n  - host: >\n      a.example\n",
        "routes:\n  - host: a\n      .example\n", "routes:\n  - host: \"a\n      .example\"\n",
        "---\nroutes: []\n", "routes: []\n...\n", "%YAML 1.1\n---\nroutes: []\n", "routes: []\n---\nroutes: []\n",
        "routes:\t[]\n", "routes: []\r\n", "\uFEFFroutes: []\n", "routes:\n  - host: bücher.example\n",
        "routes:\n  - host: \"\\u0041.example\"\n", "routes:\n  - host: \"a\\tb\"\n",
        "? routes\n: []\n", "\"routes\": []\n", "'routes': []\n", "routes : []\n",
        "routes:\n", "routes:\nversion: 1\n", "routes:\n  - host:\n", "routes:\n  -\n    host: a\n", "routes:\n  - - a\n",
        "  routes: []\n", "routes:\n  - host: a\n   port: 1\n", "routes:\n  - host: a\n     port: 1\n",
        "routes:\n    - host: a\n  - host: b\n", "routes:\n  - host: a\n  version: 1\n", "routes:\n- host: a\n - host: b\n",
        "routes: [a, ]\n", "routes: [a,\n  b]\n", "routes: [a b]\n", "routes: [a: b]\n", "routes: []]\n", "routes: []#c\n",
        "routes: a#b\n", "routes: a: b\n", "routes: yes\n", "routes: True\n", "routes: ~\n", "routes: null\n", "y: 1\n",
        "routes: 0x1bb\n", "routes: 0443\n", "routes: 1.5\n", "routes: -1\n", "routes: 1234567890\n", "routes: 1_0\n",
        "routes: \"a\":\n", "routes: 'a'b\n", "routes: -a\n", "routes: %a\n", "routes: @a\n", "routes: `a\n",
        "routes: a:b\n",
        "routes:\n  - {host:a.example}\n", "routes:\n  - {host: a.example,}\n", "routes:\n  - {host}\n", "routes:\n  - {host: }\n",
        "routes:\n  - {host: a.example\n    }\n", "routes:\n  - {host: a.example}}\n", "routes:\n  - {\"host\": a.example}\n",
        "routes:\n  - {host: a.example, ? port}\n", "routes:\n  - [a.example\n    ]\n",
        "a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h:\n        i:\n         j:\n          k: 1\n",
    })
    void declinesWhatTheTwoReadersCouldDisagreeOn(String text) {
        assertThat(BlockYamlFastReader.read(text)).as("fast path for %s", text).isEmpty();
    }

    @Test
    void declinesAHugeKeyThatTheYamlReaderRefuses() {
        String text = "k".repeat(1100) + ": 1\nroutes: []\n";
        assertThat(BlockYamlFastReader.read(text)).isEmpty();
        assertThat(LocatedYamlReader.read(text).problems()).isNotEmpty();
        assertThat(BlockYamlFastReader.read("k".repeat(129) + ": 1\n")).isEmpty();
        assertTakenAndAgrees("k".repeat(128) + ": 1\nroutes: []\n");
    }

    @Test
    void declinesDeepNestingAndAgreesJustBelowTheLimit() {
        StringBuilder deep = new StringBuilder("routes: []\n");
        for (int i = 0; i < 200; i++) {
            deep.append(" ".repeat(i)).append("k").append(":\n");
        }
        deep.append(" ".repeat(200)).append("x: 1\n");
        assertThat(BlockYamlFastReader.read(deep.toString())).isEmpty();
        assertTakenAndAgrees("routes: []\na:\n b:\n  - c:\n     - [d, e]\n");
    }

    static Stream<Path> storedInputs() throws IOException {
        Path resources = Path.of("src/test/resources");
        try (Stream<Path> files = Files.walk(resources)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).toList().stream();
        }
    }

    /** Every corpus file and Jazzer seed, as stored and as its lines' layouts vary. */
    @ParameterizedTest
    @MethodSource("storedInputs")
    void everyStoredInputTakenAgrees(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertAgreesIfTaken(text);
        Random random = new Random(file.toString().hashCode());
        for (int i = 0; i < 200; i++) {
            assertAgreesIfTaken(Mutations.mutate(text, random));
        }
    }

    @Test
    void theStoredValidBlockYamlIsMostlyTaken() throws IOException {
        long yaml;
        long taken;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/corpus/valid"))) {
            List<String> texts = files.filter(p -> p.toString().endsWith(".yaml")).map(BlockYamlFastReaderTest::read).toList();
            yaml = texts.size();
            taken = texts.stream().filter(t -> BlockYamlFastReader.read(t).isPresent()).count();
        }
        assertThat(taken).as("valid corpus files taken of %d", yaml).isGreaterThanOrEqualTo(yaml / 2);
    }

    /** Random block YAML over the routes vocabulary, in many layouts, and hostile mutations of it. */
    @Property(tries = 3000)
    void generatedDocumentsTakenByTheFastPathAgreeWithTheYamlReader(@ForAll long seed) {
        Random random = new Random(seed);
        String text = new RandomBlockYaml(random).document();
        assertAgreesIfTaken(text);
        assertAgreesIfTaken(Mutations.mutate(text, random));
    }

    @Test
    void theGeneratorMostlyProducesTakenDocuments() {
        Random random = new Random(13);
        int taken = 0;
        for (int i = 0; i < 1000; i++) {
            if (BlockYamlFastReader.read(new RandomBlockYaml(random).document()).isPresent()) {
                taken++;
            }
        }
        assertThat(taken).as("documents the fast path took").isGreaterThan(500);
    }

    @Property(tries = 300)
    void everythingTheWriterWritesIsTakenAndAgrees(@ForAll("routes") Routes routes) {
        String text = RoutesWriter.write(routes);
        if (text.contains("\\t") || text.contains("\\u")) {
            assertAgreesIfTaken(text); // the writer's backslash-t and backslash-u escapes are left to the YAML reader
        } else {
            assertTakenAndAgrees(text);
        }
    }

    @Provide
    Arbitrary<Routes> routes() {
        return RoutesArbitraries.routes();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertAgreesIfTaken(String text) {
        Optional<LocatedYamlReader.Document> fast = BlockYamlFastReader.read(text);
        if (fast.isPresent()) {
            assertThat(fast.get()).as("for:%n%s", text).isEqualTo(LocatedYamlReader.read(text));
        }
    }

    private static void assertTakenAndAgrees(String text) {
        Optional<LocatedYamlReader.Document> fast = BlockYamlFastReader.read(text);
        assertThat(fast).as("fast path for %s", text).isPresent();
        assertThat(fast.get()).as("for %s", text).isEqualTo(LocatedYamlReader.read(text));
    }

    /** Small hostile edits: characters YAML gives a meaning to, inserted, replaced or removed. */
    static final class Mutations {
        private static final String[] PIECES = {" ", "  ", "\n", "\n  ", "\t", "\r", ":", ": ", "-", "- ", "#", " #", "\"", "'",
            "[", "]", ",", "{", "}", "&a ", "*a", "!", "|", ">", "?", "%", "@", "`", "~", "\\", "é", "\u00a0", "---\n", "...",
            "0", "1.5", "yes", "null", "a", "\n- ", "\n    "};

        private Mutations() {}

        static String mutate(String text, Random random) {
            StringBuilder out = new StringBuilder(text);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = out.isEmpty() ? 0 : random.nextInt(out.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> out.insert(at, PIECES[random.nextInt(PIECES.length)]);
                    case 1 -> {
                        if (at < out.length()) {
                            out.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < out.length()) {
                            out.replace(at, at + 1, PIECES[random.nextInt(PIECES.length)]);
                        }
                    }
                }
            }
            return out.toString();
        }
    }

    /** Generates block-YAML mappings from the routes vocabulary, with random values, duplicates and layouts. */
    private static final class RandomBlockYaml {
        private static final List<String> KEYS = List.of("version", "routes", "routes", "host", "port", "path_allowlist",
                "methods", "allow_private", "auth", "header", "secret", "prefix", "expires", "x", "_k", "a-b", "hots");
        private static final List<String> PLAIN = List.of("api.github.com", "a.example", "A.Example.COM.", "svc1.team2.example.com",
                "/repos/**", "/a/*/b", "/", "GET", "post", "Authorization", "TOKEN_1", "Bearer", "x-y", "a_b", "e1", "inf",
                "0", "1", "443", "65535", "65536", "8443", "true", "false");
        private static final List<String> QUOTED = List.of("*.example.com", "10.0.0.1", "[::1]", "", " ", "Bearer ", "yes",
                "null", "~", "a: b", "# c", "2026-12-02T06:30:00Z", "it's", "q\"q", "b\\s");
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        RandomBlockYaml(Random random) {
            this.random = random;
        }

        String document() {
            comments(0);
            mappingBody(0, 0);
            return out.toString();
        }

        /** Entries of a mapping at {@code indent}; the first key's line is already started when {@code inline}. */
        private void mappingBody(int indent, int depth) {
            int n = 1 + random.nextInt(depth == 0 ? 3 : 4);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(" ".repeat(indent));
                }
                out.append(KEYS.get(random.nextInt(KEYS.size()))).append(':');
                value(indent, depth + 1);
                comments(indent);
            }
        }

        private void value(int keyIndent, int depth) {
            int kind = random.nextInt(depth > 4 ? 3 : 6);
            switch (kind) {
                case 0, 1 -> line(" " + scalar(false));
                case 2 -> line(" " + flow());
                case 3 -> {
                    line("");
                    int indent = keyIndent + 1 + random.nextInt(4);
                    out.append(" ".repeat(indent));
                    mappingBody(indent, depth);
                }
                default -> {
                    line("");
                    int indent = random.nextInt(3) == 0 ? keyIndent : keyIndent + 1 + random.nextInt(4);
                    sequenceBody(indent, depth);
                }
            }
        }

        private void sequenceBody(int indent, int depth) {
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                String dash = "-" + " ".repeat(1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0));
                out.append(" ".repeat(indent)).append(dash);
                if (random.nextInt(3) > 0 && depth < 5) {
                    mappingBody(indent + dash.length(), depth + 1);
                } else {
                    line(random.nextBoolean() ? scalar(false) : flow());
                    comments(indent);
                }
            }
        }

        private String flow() {
            return flow(0);
        }

        private String flow(int nesting) {
            boolean mapping = random.nextInt(3) == 0;
            StringBuilder f = new StringBuilder(mapping ? "{" : "[");
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                f.append(i == 0 ? "" : random.nextBoolean() ? ", " : ",");
                if (mapping) {
                    f.append(KEYS.get(random.nextInt(KEYS.size()))).append(random.nextInt(8) == 0 ? ":" : ": ");
                }
                f.append(nesting < 2 && random.nextInt(5) == 0 ? flow(nesting + 1) : scalar(true));
            }
            return f.append(random.nextInt(4) == 0 ? " " : "").append(mapping ? "}" : "]").toString();
        }

        private String scalar(boolean inFlow) {
            if (random.nextInt(3) > 0) {
                return PLAIN.get(random.nextInt(PLAIN.size()));
            }
            String q = QUOTED.get(random.nextInt(QUOTED.size()));
            return random.nextBoolean()
                    ? "\"" + q.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                    : "'" + q.replace("'", "''") + "'";
        }

        private void line(String rest) {
            out.append(rest);
            if (random.nextInt(6) == 0) {
                out.append("  # note");
            }
            out.append('\n');
        }

        private void comments(int indent) {
            switch (random.nextInt(8)) {
                case 0 -> out.append('\n');
                case 1 -> out.append(" ".repeat(random.nextInt(indent + 3))).append("# comment: [x]\n");
                default -> { }
            }
        }
    }
}
