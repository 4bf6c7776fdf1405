package dev.claudebottle.routes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import dev.claudebottle.routes.YamlNode.Kind;
import dev.claudebottle.routes.YamlNode.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    private final PathTrail trail = new PathTrail();
    private final ParserBase parser;

    private JsonFastReader(ParserBase parser) {
        this.parser = parser;
    }

    /** The document as the YAML reader would give it, or empty when {@code text} is not in the subset taken here. */
    static Optional<LocatedYamlReader.Document> read(String text) {
        if (!inSubset(text)) {
            return Optional.empty();
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            if (!(p instanceof ParserBase base) || p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            JsonFastReader reader = new JsonFastReader(base);
            YamlNode root = reader.readMapping(reader.valueLocation(), 1);
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

    private YamlNode readNode(JsonToken token, int depth) throws IOException, NotTaken {
        Location location = valueLocation();
        return switch (token) {
            case START_OBJECT -> readMapping(location, depth + 1);
            case START_ARRAY -> readSequence(location, depth + 1);
            case VALUE_STRING -> new YamlNode.Scalar(location, Kind.STRING, parser.getText());
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(location, Kind.INTEGER, parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(location, Kind.BOOLEAN, parser.getText());
            case VALUE_NULL -> new YamlNode.Scalar(location, Kind.NULL, parser.getText());
            default -> throw NotTaken.INSTANCE;
        };
    }

    private YamlNode readMapping(Location location, int depth) throws IOException, NotTaken {
        if (depth > MAX_DEPTH) {
            throw NotTaken.INSTANCE;
        }
        MappingEntries entries = new MappingEntries();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonLocation keyAt = parser.currentTokenLocation(); // a name's position is only given this way
            Location keyLocation = location(keyAt);
            JsonToken valueToken = parser.nextToken();
            if (parser.getTokenLineNr() != keyAt.getLineNr()
                    || valueCharOffset() - keyAt.getCharOffset() > MAX_KEY_SPAN) {
                throw NotTaken.INSTANCE;
            }
            trail.pushKey(key);
            YamlNode value = readNode(valueToken, depth);
            Location first = entries.addUnlessDuplicate(key, keyLocation, value);
            if (first != null) {
                problems.add(LocatedYamlReader.duplicateKey(keyLocation, trail.text(), key, first));
            }
            trail.pop();
        }
        if (token != JsonToken.END_OBJECT) {
            throw NotTaken.INSTANCE;
        }
        return new YamlNode.Mapping(location, entries.toList());
    }

    private YamlNode readSequence(Location location, int depth) throws IOException, NotTaken {
        if (depth > MAX_DEPTH) {
            throw NotTaken.INSTANCE;
        }
        SequenceItems items = new SequenceItems();
        trail.pushIndex(0);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw NotTaken.INSTANCE;
            }
            trail.setIndex(items.size());
            items.add(readNode(token, depth));
        }
        trail.pop();
        return new YamlNode.Sequence(location, items.toList());
    }

    /**
     * Where the current value token starts, read from the parser's token fields rather than through a
     * {@link JsonLocation} per token: the same line, and the same column as
     * {@code currentTokenLocation().getColumnNr()} (which is {@code getTokenColumnNr() - 1}).
     */
    private Location valueLocation() {
        int column = parser.getTokenColumnNr();
        return new Location(parser.getTokenLineNr(), column > 0 ? column - 1 : column);
    }

    /** The character offset {@code currentTokenLocation().getCharOffset()} gives for a value token. */
    private long valueCharOffset() {
        return parser.getTokenCharacterOffset() - 1;
    }

    private static Location location(JsonLocation l) {
        return new Location(l.getLineNr(), l.getColumnNr());
    }
}
