package dev.claudebottle.routes;

import java.util.List;

/**
 * A node of a routes file as read from YAML, with the 1-based line and column where it starts.
 * Only the shapes routes.yaml can use exist: mappings with string keys, lists and scalars.
 */
sealed interface YamlNode {

    Location location();

    /** What this node is, for "expected X, got Y" messages. */
    String describe();

    /** A 1-based line and column in the file's text. */
    record Location(int line, int column) {
        static final Location START = new Location(1, 1);

        public Location {
            line = Math.max(1, line);
            column = Math.max(1, column);
        }
    }

    /** One {@code key: value} pair; duplicate keys never reach a mapping (they are reported and dropped). */
    record Entry(String key, Location keyLocation, YamlNode value) {}

    record Mapping(Location location, List<Entry> entries) implements YamlNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(Location location, List<YamlNode> items) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar: {@code text} is its value as written (unquoted), {@code kind} how YAML resolves it. */
    record Scalar(Location location, Kind kind, String text) implements YamlNode {
        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case FLOAT -> "a number with a fraction";
                case BOOLEAN -> "a boolean";
                case NULL -> "null (an empty value)";
                case OTHER -> "a non-text value";
            };
        }
    }

    /** A node that was already reported as a problem (an alias); validation skips it without a second message. */
    record Rejected(Location location) implements YamlNode {
        @Override
        public String describe() {
            return "an alias";
        }
    }

    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL, OTHER }
}
