package dev.claudebottle.routes;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.claudebottle.routes.YamlNode.Entry;
import dev.claudebottle.routes.YamlNode.Kind;
import dev.claudebottle.routes.YamlNode.Location;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;

/**
 * Reads a routes file's text into a located {@link YamlNode} tree with Jackson's streaming YAML
 * parser, reporting what strict routes.yaml forbids at the YAML level: anchors, aliases, explicit
 * tags, duplicate keys, a second document, and syntax errors. One instance reads one document.
 */
final class LocatedYamlReader {

    /** The tree (absent when the document is empty or unreadable) and the problems found while reading. */
    record Document(Optional<YamlNode> root, boolean complete, List<Problem> problems) {}

    private final String text;
    private final List<Problem> problems = new ArrayList<>();
    private EventYamlFactory.EventParser parser;

    private LocatedYamlReader(String text) {
        this.text = text;
    }

    static Document read(String text) {
        return new LocatedYamlReader(text).readDocument();
    }

    private Document readDocument() {
        try (EventYamlFactory.EventParser p = EventYamlFactory.parser(new StringReader(text))) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Document(Optional.empty(), true, problems);
            }
            YamlNode root = readNode(first, "");
            JsonToken extra = p.nextToken();
            if (extra != null) {
                problem(tokenLocation(), "", "only one YAML document is allowed; remove the second document (after `---`)");
            }
            return new Document(Optional.of(root), true, problems);
        } catch (JsonProcessingException e) {
            problems.add(SyntaxProblem.from(e, text));
        } catch (IOException | RuntimeException e) {
            // snakeyaml signals some malformed input (e.g. forbidden characters) with unchecked exceptions.
            problems.add(SyntaxProblem.from(e, text));
        } catch (StackOverflowError e) {
            problems.add(new Problem(1, 1, "", "the document is nested too deeply"));
        }
        return new Document(Optional.empty(), false, problems);
    }

    private YamlNode readNode(JsonToken token, String path) throws IOException {
        Location location = tokenLocation();
        Event event = parser.currentEvent();
        if (event instanceof AliasEvent alias) {
            problem(location, path, "YAML aliases (`*" + Excerpt.of(alias.getAnchor()) + "`) are not allowed; write the value out in full");
            return new YamlNode.Rejected(location);
        }
        checkAnchorAndTag(event, location, path);
        return switch (token) {
            case START_OBJECT -> readMapping(location, path);
            case START_ARRAY -> readSequence(location, path);
            case VALUE_STRING -> new YamlNode.Scalar(location, plainEmpty(event) ? Kind.NULL : Kind.STRING, parser.getText());
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(location, Kind.INTEGER, parser.getText());
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(location, Kind.FLOAT, parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(location, Kind.BOOLEAN, parser.getText());
            case VALUE_NULL -> new YamlNode.Scalar(location, Kind.NULL, parser.getText());
            default -> new YamlNode.Scalar(location, Kind.OTHER, String.valueOf(parser.getText()));
        };
    }

    private YamlNode readMapping(Location location, String path) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        JsonToken token;
        while ((token = next()) != JsonToken.END_OBJECT) {
            String key = parser.currentName();
            Location keyLocation = tokenLocation();
            String keyPath = ProblemPath.key(path, key);
            Event keyEvent = parser.currentEvent();
            if (keyEvent instanceof AliasEvent alias) {
                problem(keyLocation, keyPath, "YAML aliases (`*" + Excerpt.of(alias.getAnchor()) + "`) are not allowed; write the key out in full");
            } else {
                checkAnchorAndTag(keyEvent, keyLocation, keyPath);
            }
            YamlNode value = readNode(next(), keyPath);
            Location first = seen.putIfAbsent(key, keyLocation);
            if (first != null) {
                problems.add(duplicateKey(keyLocation, keyPath, key, first));
            } else {
                entries.add(new Entry(key, keyLocation, value));
            }
        }
        return new YamlNode.Mapping(location, List.copyOf(entries));
    }

    private YamlNode readSequence(Location location, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = next()) != JsonToken.END_ARRAY) {
            items.add(readNode(token, ProblemPath.index(path, items.size())));
        }
        return new YamlNode.Sequence(location, List.copyOf(items));
    }

    private JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new IOException("the document ended unexpectedly");
        }
        return token;
    }

    private void checkAnchorAndTag(Event event, Location location, String path) {
        if (event instanceof NodeEvent node && node.getAnchor() != null) {
            problem(location, path, "YAML anchors (`&" + Excerpt.of(node.getAnchor()) + "`) are not allowed; write values out in full");
        }
        String tag = switch (event) {
            case ScalarEvent scalar -> scalar.getTag();
            case CollectionStartEvent collection -> collection.getTag();
            case null, default -> null;
        };
        if (tag != null) {
            problem(location, path, "YAML tags (`" + Excerpt.of(tag) + "`) are not allowed; write a plain value");
        }
    }

    /** The problem of a key set twice in one mapping (the second is dropped), the same from every reader. */
    static Problem duplicateKey(Location at, String keyPath, String key, Location first) {
        return new Problem(at.line(), at.column(), keyPath, "duplicate key `" + Excerpt.of(key) + "`; it is already set at line "
                + first.line() + ", column " + first.column());
    }

    private static boolean plainEmpty(Event event) {
        return event instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getValue().isEmpty();
    }

    private Location tokenLocation() {
        JsonLocation l = parser.currentTokenLocation();
        return new Location(l.getLineNr(), l.getColumnNr());
    }

    private void problem(Location location, String path, String message) {
        problems.add(new Problem(location.line(), location.column(), path, message));
    }
}
