package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped JSON Schema agrees with the parser on the shared corpus, and both copies are identical. */
class RoutesSchemaTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+:\\d+)(?: (\\S+))?\\R");
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build());
    private static final JsonSchema SCHEMA = loadSchema();

    @Test
    void shipsTheSameSchemaInDocsAndInTheJar() throws IOException {
        byte[] resource;
        try (InputStream in = RoutesSchemaTest.class.getResourceAsStream("routes.schema.json")) {
            resource = in.readAllBytes();
        }
        Path docs = moduleDir().resolveSibling("docs").resolve("routes.schema.json");
        assertThat(Files.readAllBytes(docs)).as(docs.toString()).isEqualTo(resource);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void acceptsValidFilesLikeTheParser(Path file) throws IOException {
        assertThat(RoutesParser.parse(Files.readAllBytes(file))).isInstanceOf(ParseResult.Valid.class);
        assertThat(schemaErrors(file)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidFilesLikeTheParser(Path file) throws IOException {
        List<Problem> problems = parserProblems(file);
        assertThat(schemaErrors(file)).as("schema errors").isNotEmpty();
        expectedFirstProblem(file).ifPresent(expected -> assertThat(locate(problems.get(0))).isEqualTo(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parserOnly")
    void rejectsWhatTheSchemaCannotExpress(Path file) throws IOException {
        List<Problem> problems = parserProblems(file);
        expectedFirstProblem(file).ifPresent(expected -> assertThat(locate(problems.get(0))).isEqualTo(expected));
        Optional<JsonNode> tree = readTree(file);
        tree.ifPresent(json -> assertThat(SCHEMA.validate(json)).as("the schema accepts %s", json).isEmpty());
    }

    static Stream<Path> valid() throws IOException {
        return corpus("valid");
    }

    static Stream<Path> invalid() throws IOException {
        return corpus("invalid");
    }

    static Stream<Path> parserOnly() throws IOException {
        return corpus("parser-only");
    }

    private static List<Problem> parserProblems(Path file) throws IOException {
        ParseResult result = RoutesParser.parse(Files.readAllBytes(file));
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return ((ParseResult.Invalid) result).problems();
    }

    private static Set<ValidationMessage> schemaErrors(Path file) throws IOException {
        return SCHEMA.validate(readTree(file).orElseThrow());
    }

    private static Optional<JsonNode> readTree(Path file) {
        try {
            JsonNode tree = YAML.readTree(Files.readAllBytes(file));
            return tree == null || tree.isMissingNode() ? Optional.empty() : Optional.of(tree);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> expectedFirstProblem(Path file) throws IOException {
        Matcher m = EXPECT.matcher(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) + (m.group(2) == null ? "" : " " + m.group(2)));
    }

    private static String locate(Problem p) {
        return p.line() + ":" + p.column() + (p.path().isEmpty() ? "" : " " + p.path());
    }

    private static Stream<Path> corpus(String folder) throws IOException {
        Path dir = moduleDir().resolve("src/test/resources/corpus").resolve(folder);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).as(dir.toString()).isNotEmpty();
        return files.stream();
    }

    private static Path moduleDir() {
        try {
            Path classes = Path.of(RoutesSchemaTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = RoutesParser.class.getResourceAsStream("routes.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
