package dev.claudebottle.routes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.claudebottle.routes.YamlNode.Entry;
import dev.claudebottle.routes.YamlNode.Kind;
import dev.claudebottle.routes.YamlNode.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fast path for routes files written as JSON (JSON is valid YAML): Jackson's streaming JSON parser
 * builds the same located {@link YamlNode} tree {@link LocatedYamlReader} would, several times faster.
 *
 * <p>It only takes documents on which both readers are known to agree, and answers "not mine"
 * (an empty result) for everything else, which then goes through the YAML reader as before, so the
 * problems reported and their positions never depend on which reader ran. Taken: a single JSON
 * object, in printable ASCII without backslash escapes, tabs or carriage returns, at most
 * {@value #MAX_DEPTH} levels deep, with integers but no fractions or exponents, each key within
 * {@value #MAX_KEY_SPAN} characters of its value on the same line (the YAML parser refuses a key
 * whose {@code :} is on another line or more than 1,024 characters away). Anything else, including
 * every JSON syntax error, is left to the YAML reader.
 */
final class JsonFastReader {
    static final int MAX_DEPTH = 8;
    static final int MAX_KEY_SPAN = 1000;

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Thrown inside the reader when the document leaves the subset both readers agree on. */
    private static final class NotTaken extends Exception {
        private static final NotTaken INSTANCE = new NotTaken();

        private NotTaken() {
            super(null, null, false, false);
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private final JsonParser parser;

    private JsonFastReader(JsonParser parser) {
        this.parser = parser;
    }

    /** The document as the YAML reader would give it, or empty when {@code text} is not in the subset taken here. */
    static Optional<LocatedYamlReader.Document> read(String text) {
        if (!inSubset(text)) {
            return Optional.empty();
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonFastReader reader = new JsonFastReader(p);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            YamlNode root = reader.readMapping(reader.tokenLocation(), "", 1);
            if (p.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(new LocatedYamlReader.Document(Optional.of(root), true, reader.problems));
        } catch (NotTaken | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Printable ASCII and line feeds only, no backslash, and the first thing in the text is `{`. */
    private static boolean inSubset(String text) {
        boolean started = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == ' ') {
                continue;
            }
            if (c < 0x21 || c > 0x7e || c == '\\') {
                return false;
            }
            if (!started) {
                if (c != '{') {
                    return false;
                }
                started = true;
            }
        }
        return started;
    }

    private YamlNode readNode(JsonToken token, String path, int depth) throws IOException, NotTaken {
        Location location = tokenLocation();
        return switch (token) {
            case START_OBJECT -> readMapping(location, path, depth + 1);
            case START_ARRAY -> readSequence(location, path, depth + 1);
            case VALUE_STRING -> new YamlNode.Scalar(location, Kind.STRING, parser.getText());
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(location, Kind.INTEGER, parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(location, Kind.BOOLEAN, parser.getText());
            case VALUE_NULL -> new YamlNode.Scalar(location, Kind.NULL, parser.getText());
            default -> throw NotTaken.INSTANCE;
        };
    }

    private YamlNode readMapping(Location location, String path, int depth) throws IOException, NotTaken {
        if (depth > MAX_DEPTH) {
            throw NotTaken.INSTANCE;
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonLocation keyAt = parser.currentTokenLocation();
            Location keyLocation = location(keyAt);
            String keyPath = ProblemPath.key(path, key);
            JsonToken valueToken = parser.nextToken();
            JsonLocation valueAt = parser.currentTokenLocation();
            if (valueAt.getLineNr() != keyAt.getLineNr() || valueAt.getCharOffset() - keyAt.getCharOffset() > MAX_KEY_SPAN) {
                throw NotTaken.INSTANCE;
            }
            YamlNode value = readNode(valueToken, keyPath, depth);
            Location first = seen.putIfAbsent(key, keyLocation);
            if (first != null) {
                problems.add(LocatedYamlReader.duplicateKey(keyLocation, keyPath, key, first));
            } else {
                entries.add(new Entry(key, keyLocation, value));
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw NotTaken.INSTANCE;
        }
        return new YamlNode.Mapping(location, List.copyOf(entries));
    }

    private YamlNode readSequence(Location location, String path, int depth) throws IOException, NotTaken {
        if (depth > MAX_DEPTH) {
            throw NotTaken.INSTANCE;
        }
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw NotTaken.INSTANCE;
            }
            items.add(readNode(token, ProblemPath.index(path, items.size()), depth));
        }
        return new YamlNode.Sequence(location, List.copyOf(items));
    }

    private Location tokenLocation() {
        return location(parser.currentTokenLocation());
    }

    private static Location location(JsonLocation l) {
        return new Location(l.getLineNr(), l.getColumnNr());
    }
}
