package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property checks that the JSON Schema and the parser give the same verdict on generated documents,
 * beyond the fixed corpus: random hosts, path patterns, methods and secret names, and whole valid
 * policies. Inputs avoid the documented parser-only rules (see docs/routes-format.md).
 */
class SchemaAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = loadSchema();

    @Property(tries = 3000)
    void agreesOnHosts(@ForAll("hosts") String host) {
        assertSameVerdict(Map.of("routes", List.of(Map.of("host", host))));
    }

    @Property(tries = 3000)
    void agreesOnPathPatterns(@ForAll("paths") String path) {
        assertSameVerdict(Map.of("routes", List.of(Map.of("host", "a.example", "path_allowlist", List.of(path)))));
    }

    @Property(tries = 1000)
    void agreesOnMethods(@ForAll("methods") String method) {
        assertSameVerdict(Map.of("routes", List.of(Map.of("host", "a.example", "methods", List.of(method)))));
    }

    @Property(tries = 1000)
    void agreesOnAuthFields(@ForAll("headers") String header, @ForAll("secrets") String secret) {
        assertSameVerdict(Map.of("routes", List.of(Map.of("host", "a.example",
                "auth", Map.of("header", header, "secret", secret)))));
    }

    @Property(tries = 300)
    void acceptsEveryGeneratedValidPolicy(@ForAll("routes") Routes routes) {
        assertThat(SCHEMA.validate(JSON.valueToTree(RoutesArbitraries.asJsonTree(routes)))).isEmpty();
    }

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab-.*09").ofMaxLength(14),
                Arbitraries.strings().withChars("aZ1-._*:/ @é").ofMaxLength(10),
                Arbitraries.of("*.example.com", "10.0.0.1", "256.0.0.1", "1.2.3.4.", "localhost", "a." + "b".repeat(63),
                        "a." + "b".repeat(64), "x".repeat(60) + "." + "y".repeat(60) + "." + "z".repeat(60) + "." + "w".repeat(70)),
                RoutesArbitraries.label().list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l)));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("/a.*%7eE2F?#~ 5").ofMaxLength(12),
                Arbitraries.strings().withChars("/a*.").ofMaxLength(10),
                RoutesArbitraries.path().map(PathPattern::pattern));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.strings().withChars("GETa-!( \"").ofMinLength(0).ofMaxLength(6);
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(Arbitraries.of("Host", "host", "X-Key", "TE", "te", "Proxy-Connection", "Authorization"),
                Arbitraries.strings().withChars("Xk-: _!").ofMinLength(0).ofMaxLength(6));
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withChars("abXY_09-. ").ofMinLength(0).ofMaxLength(12);
    }

    @Provide
    Arbitrary<Routes> routes() {
        return RoutesArbitraries.routes();
    }

    private static void assertSameVerdict(Map<String, Object> document) {
        try {
            String json = JSON.writeValueAsString(document);
            boolean parserAccepts = RoutesParser.parse(RoutesFile.of(json)) instanceof ParseResult.Valid;
            JsonNode tree = JSON.readTree(json);
            boolean schemaAccepts = SCHEMA.validate(tree).isEmpty();
            assertThat(schemaAccepts).as("schema verdict for %s (parser %s)", json, parserAccepts ? "accepts" : "rejects")
                    .isEqualTo(parserAccepts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = RoutesParser.class.getResourceAsStream("routes.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
