package dev.claudebottle.routes;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.claudebottle.routes.YamlNode.Kind;
import dev.claudebottle.routes.YamlNode.Location;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
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
    private final PathTrail trail = new PathTrail();
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
            YamlNode root = readNode(first);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                problem(tokenLocation(), "only one YAML document is allowed; remove the second document (after `---`)");
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

    private YamlNode readNode(JsonToken token) throws IOException {
        Location location = tokenLocation();
        Event event = parser.currentEvent();
        if (event instanceof AliasEvent alias) {
            problem(location, "YAML aliases (`*" + Excerpt.of(alias.getAnchor()) + "`) are not allowed; write the value out in full");
            return new YamlNode.Rejected(location);
        }
        checkAnchorAndTag(event, location);
        return switch (token) {
            case START_OBJECT -> readMapping(location);
            case START_ARRAY -> readSequence(location);
            case VALUE_STRING -> new YamlNode.Scalar(location, plainEmpty(event) ? Kind.NULL : Kind.STRING, parser.getText());
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(location, Kind.INTEGER, parser.getText());
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(location, Kind.FLOAT, parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(location, Kind.BOOLEAN, parser.getText());
            case VALUE_NULL -> new YamlNode.Scalar(location, Kind.NULL, parser.getText());
            default -> new YamlNode.Scalar(location, Kind.OTHER, String.valueOf(parser.getText()));
        };
    }

    private YamlNode readMapping(Location location) throws IOException {
        MappingEntries entries = new MappingEntries();
        while (next() != JsonToken.END_OBJECT) {
            String key = parser.currentName();
            Location keyLocation = tokenLocation();
            trail.pushKey(key);
            Event keyEvent = parser.currentEvent();
            if (keyEvent instanceof AliasEvent alias) {
                problem(keyLocation, "YAML aliases (`*" + Excerpt.of(alias.getAnchor()) + "`) are not allowed; write the key out in full");
            } else {
                checkAnchorAndTag(keyEvent, keyLocation);
            }
            YamlNode value = readNode(next());
            Location first = entries.addUnlessDuplicate(key, keyLocation, value);
            if (first != null) {
                problems.add(duplicateKey(keyLocation, trail.text(), key, first));
            }
            trail.pop();
        }
        return new YamlNode.Mapping(location, entries.toList());
    }

    private YamlNode readSequence(Location location) throws IOException {
        SequenceItems items = new SequenceItems();
        trail.pushIndex(0);
        JsonToken token;
        while ((token = next()) != JsonToken.END_ARRAY) {
            trail.setIndex(items.size());
            items.add(readNode(token));
        }
        trail.pop();
        return new YamlNode.Sequence(location, items.toList());
    }

    private JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new IOException("the document ended unexpectedly");
        }
        return token;
    }

    private void checkAnchorAndTag(Event event, Location location) {
        if (event instanceof NodeEvent node && node.getAnchor() != null) {
            problem(location, "YAML anchors (`&" + Excerpt.of(node.getAnchor()) + "`) are not allowed; write values out in full");
        }
        String tag = switch (event) {
            case ScalarEvent scalar -> scalar.getTag();
            case CollectionStartEvent collection -> collection.getTag();
            case null, default -> null;
        };
        if (tag != null) {
            problem(location, "YAML tags (`" + Excerpt.of(tag) + "`) are not allowed; write a plain value");
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

    /** A problem at {@code location}, on the path the reader is at. */
    private void problem(Location location, String message) {
        problems.add(new Problem(location.line(), location.column(), trail.text(), message));
    }
}
