package dev.claudebottle.routes;

import dev.claudebottle.routes.YamlNode.Kind;
import dev.claudebottle.routes.YamlNode.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fast path for routes files in the block-style YAML that the project's own writers and most people
 * write: it builds the same located {@link YamlNode} tree {@link LocatedYamlReader} would, in one pass
 * over the text with no YAML events, marks or tokens, and answers "not mine" (an empty result) for
 * anything outside a small subset, which then goes through the YAML reader as before. So the problems
 * reported and their positions never depend on which reader ran.
 *
 * <p>Taken: printable ASCII and line feeds only (no tab, carriage return, BOM or other character);
 * a block mapping at column 1 as the document; block mappings whose keys are plain words
 * ({@code [A-Za-z_][A-Za-z0-9_-]*}, at most {@value #MAX_KEY_LENGTH} characters, not a YAML word such
 * as {@code yes} or {@code null}); block sequences of {@code - } items, also indentless under a key;
 * values on the key's or dash's line: plain scalars over a safe character set (strings starting with a
 * letter or {@code /}, decimal integers without a leading zero, lower-case {@code true}/{@code false}),
 * single-quoted scalars, double-quoted scalars with no escape other than {@code \"} and {@code \\},
 * and flow sequences {@code [a, "b"]} and flow mappings {@code {k: a, j: "b"}} of such values on one
 * line; comment lines and {@code  #} comments after a value; blank lines; at most {@value #MAX_DEPTH}
 * levels. Declined: anything else, including anchors, aliases, tags, block and multi-line scalars, flow
 * collections over several lines, empty values, document markers and directives, complex keys, quoted
 * keys, odd indentation (a line indented deeper or shallower than any open block allows), and every
 * syntax error.
 *
 * <p>One instance reads one document; not thread-safe.
 */
final class BlockYamlFastReader {
    static final int MAX_DEPTH = 10;
    static final int MAX_KEY_LENGTH = 128;
    private static final int MAX_INTEGER_DIGITS = 9;
    private static final String[] KNOWN_KEYS = {"host", "path_allowlist", "port", "methods", "auth", "allow_private",
        "expires", "header", "secret", "prefix", "routes", "version"};

    /** Thrown inside the reader when the document leaves the subset both readers agree on. */
    private static final class NotTaken extends Exception {
        private static final NotTaken INSTANCE = new NotTaken();

        private NotTaken() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private final int length;
    private final List<Problem> problems = new ArrayList<>(0);
    private final PathTrail trail = new PathTrail();
    /** The offset of the first character of the current line. */
    private int lineStart;
    /** The 1-based number of the current line. */
    private int line = 1;
    /** The offset the reader is at, always on the current line (or at the end of the text). */
    private int pos;
    private int depth;

    private BlockYamlFastReader(String text) {
        this.text = text;
        this.length = text.length();
    }

    /** The document as the YAML reader would give it, or empty when {@code text} is not in the subset taken here. */
    static Optional<LocatedYamlReader.Document> read(String text) {
        if (!inCharacterSubset(text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BlockYamlFastReader(text).document());
        } catch (NotTaken e) {
            return Optional.empty();
        }
    }

    /** Printable ASCII and line feeds only. */
    private static boolean inCharacterSubset(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7e) && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private LocatedYamlReader.Document document() throws NotTaken {
        if (!nextContentLine() || column() != 1 || startsSequenceItem() || !startsKey()) {
            throw NotTaken.INSTANCE; // empty documents, documents that are not a mapping at column 1
        }
        YamlNode root = mapping(1);
        if (pos < length) {
            throw NotTaken.INSTANCE;
        }
        return new LocatedYamlReader.Document(Optional.of(root), true, problems);
    }

    // ---- blocks -------------------------------------------------------------------------------------

    /** A block mapping whose keys are at {@code column}; the reader is at its first key. */
    private YamlNode mapping(int column) throws NotTaken {
        enter();
        Location location = here();
        MappingEntries entries = new MappingEntries();
        while (true) {
            if (!startsKey()) {
                throw NotTaken.INSTANCE;
            }
            Location keyLocation = here();
            String key = key();
            trail.pushKey(key);
            YamlNode value;
            skipSpaces();
            if (atLineEnd()) {
                value = blockValue(column);
            } else {
                value = inlineValue();
                endOfLine();
            }
            Location first = entries.addUnlessDuplicate(key, keyLocation, value);
            if (first != null) {
                problems.add(LocatedYamlReader.duplicateKey(keyLocation, trail.text(), key, first));
            }
            trail.pop();
            if (pos >= length || column() < column) {
                break;
            }
            if (column() > column || startsSequenceItem()) {
                throw NotTaken.INSTANCE;
            }
        }
        depth--;
        return new YamlNode.Mapping(location, entries.toList());
    }

    /** The value of a key at {@code keyColumn} written on the lines after it: a nested block or an indentless list. */
    private YamlNode blockValue(int keyColumn) throws NotTaken {
        if (!endOfLine()) {
            throw NotTaken.INSTANCE; // an empty value (null) at the end of the document
        }
        int column = column();
        if (column > keyColumn) {
            return startsSequenceItem() ? sequence(column, false) : mapping(column);
        }
        if (column == keyColumn && startsSequenceItem()) {
            return sequence(column, true);
        }
        throw NotTaken.INSTANCE; // an empty value (null)
    }

    /**
     * A block sequence whose dashes are at {@code column}; the reader is at its first dash. An indentless
     * one (the value of a key at the same column) ends at the next key; any other ends only at a shallower line.
     */
    private YamlNode sequence(int column, boolean indentless) throws NotTaken {
        enter();
        Location location = here();
        SequenceItems items = new SequenceItems();
        trail.pushIndex(0);
        while (true) {
            trail.setIndex(items.size());
            pos++; // the dash
            if (!skipSpaces() || atLineEnd()) {
                throw NotTaken.INSTANCE; // "-x", or an item on the lines below its dash
            }
            if (startsKey()) {
                items.add(mapping(column()));
            } else {
                items.add(inlineValue());
                endOfLine(); // the block item
            }
            if (pos >= length || column() < column) {
                break;
            }
            if (column() > column) {
                throw NotTaken.INSTANCE;
            }
            if (!startsSequenceItem()) {
                if (indentless) {
                    break;
                }
                throw NotTaken.INSTANCE;
            }
        }
        trail.pop();
        depth--;
        return new YamlNode.Sequence(location, items.toList());
    }

    private void enter() throws NotTaken {
        if (++depth > MAX_DEPTH) {
            throw NotTaken.INSTANCE;
        }
    }

    // ---- values on one line -------------------------------------------------------------------------

    /** A scalar, a flow sequence or a flow mapping starting at the reader's position (all on one line). */
    private YamlNode inlineValue() throws NotTaken {
        return switch (peek()) {
            case '[' -> flowSequence();
            case '{' -> flowMapping();
            default -> scalar();
        };
    }

    private YamlNode flowSequence() throws NotTaken {
        enter();
        Location location = here();
        pos++; // [
        SequenceItems items = new SequenceItems();
        trail.pushIndex(0);
        skipSpaces();
        if (peek() != ']') {
            while (true) {
                trail.setIndex(items.size());
                items.add(inlineValue());
                skipSpaces();
                char c = peek();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw NotTaken.INSTANCE;
                }
                pos++;
                skipSpaces();
                if (peek() == ']') {
                    throw NotTaken.INSTANCE; // a trailing comma
                }
            }
        }
        pos++; // ]
        trail.pop();
        depth--;
        return new YamlNode.Sequence(location, items.toList());
    }

    /** {@code {key: value, ...}} on one line, with plain word keys each followed by {@code ": "}. */
    private YamlNode flowMapping() throws NotTaken {
        enter();
        Location location = here();
        pos++; // {
        MappingEntries entries = new MappingEntries();
        skipSpaces();
        if (peek() != '}') {
            while (true) {
                if (!startsKey() || !flowKeyFollowedBySpace()) {
                    throw NotTaken.INSTANCE;
                }
                Location keyLocation = here();
                String key = key();
                skipSpaces();
                trail.pushKey(key);
                YamlNode value = inlineValue();
                Location first = entries.addUnlessDuplicate(key, keyLocation, value);
                if (first != null) {
                    problems.add(LocatedYamlReader.duplicateKey(keyLocation, trail.text(), key, first));
                }
                trail.pop();
                skipSpaces();
                char c = peek();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw NotTaken.INSTANCE;
                }
                pos++;
                skipSpaces();
                if (peek() == '}') {
                    throw NotTaken.INSTANCE; // a trailing comma
                }
            }
        }
        pos++; // }
        depth--;
        return new YamlNode.Mapping(location, entries.toList());
    }

    /** Whether the key {@link #startsKey} found has a space after its colon (a flow key's value is on its line). */
    private boolean flowKeyFollowedBySpace() {
        int colon = text.indexOf(':', pos);
        return colon + 1 < length && text.charAt(colon + 1) == ' ';
    }

    /** A plain, single- or double-quoted scalar on one line. */
    private YamlNode scalar() throws NotTaken {
        Location location = here();
        char c = peek();
        if (c == '"') {
            return new YamlNode.Scalar(location, Kind.STRING, doubleQuoted());
        }
        if (c == '\'') {
            return new YamlNode.Scalar(location, Kind.STRING, singleQuoted());
        }
        int start = pos;
        if (isDigit(c)) {
            while (pos < length && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos - start > MAX_INTEGER_DIGITS || (c == '0' && pos - start > 1)) {
                throw NotTaken.INSTANCE;
            }
            plainEnd();
            return new YamlNode.Scalar(location, Kind.INTEGER, text.substring(start, pos));
        }
        if (!isLetter(c) && c != '/') {
            throw NotTaken.INSTANCE;
        }
        while (pos < length && isPlainChar(text.charAt(pos))) {
            pos++;
        }
        plainEnd();
        String value = text.substring(start, pos);
        if (value.equals("true") || value.equals("false")) {
            return new YamlNode.Scalar(location, Kind.BOOLEAN, value);
        }
        if (isYamlWord(value)) {
            throw NotTaken.INSTANCE;
        }
        return new YamlNode.Scalar(location, Kind.STRING, value);
    }

    /**
     * A plain scalar ends at a space, a line end, or a flow indicator ({@code , ] \}}); what may follow it is
     * checked by the block or flow collection it is in.
     */
    private void plainEnd() throws NotTaken {
        char c = peek();
        if (!(c == ' ' || c == '\n' || c == 0 || c == ',' || c == ']' || c == '}')) {
            throw NotTaken.INSTANCE;
        }
    }

    private String doubleQuoted() throws NotTaken {
        pos++;
        StringBuilder out = null;
        int start = pos;
        while (true) {
            char c = peek();
            if (c == '"') {
                break;
            }
            if (c == '\n' || c == 0) {
                throw NotTaken.INSTANCE;
            }
            if (c == '\\') {
                char next = pos + 1 < length ? text.charAt(pos + 1) : 0;
                if (next != '"' && next != '\\') {
                    throw NotTaken.INSTANCE;
                }
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, start, pos).append(next);
                pos += 2;
                start = pos;
                continue;
            }
            pos++;
        }
        String value = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
        pos++;
        afterQuoted();
        return value;
    }

    private String singleQuoted() throws NotTaken {
        pos++;
        StringBuilder out = null;
        int start = pos;
        while (true) {
            char c = peek();
            if (c == '\n' || c == 0) {
                throw NotTaken.INSTANCE;
            }
            if (c == '\'') {
                if (pos + 1 < length && text.charAt(pos + 1) == '\'') {
                    if (out == null) {
                        out = new StringBuilder();
                    }
                    out.append(text, start, pos + 1);
                    pos += 2;
                    start = pos;
                    continue;
                }
                break;
            }
            pos++;
        }
        String value = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
        pos++;
        afterQuoted();
        return value;
    }

    /** A quoted scalar is followed by a space, a line end or a flow indicator (never {@code :}, which would make it a key). */
    private void afterQuoted() throws NotTaken {
        char c = peek();
        if (!(c == ' ' || c == '\n' || c == 0 || c == ',' || c == ']' || c == '}')) {
            throw NotTaken.INSTANCE;
        }
    }

    // ---- keys, lines and positions ------------------------------------------------------------------

    /** Whether a plain word key followed by {@code :} and a space or line end starts at the reader's position. */
    private boolean startsKey() {
        if (pos >= length || !(isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            return false;
        }
        int i = pos + 1;
        while (i < length && isKeyChar(text.charAt(i))) {
            i++;
        }
        if (i - pos > MAX_KEY_LENGTH || i >= length || text.charAt(i) != ':') {
            return false;
        }
        return i + 1 >= length || text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\n';
    }

    /** Reads the key {@link #startsKey} found, and its colon. */
    private String key() throws NotTaken {
        int start = pos;
        while (text.charAt(pos) != ':') {
            pos++;
        }
        String key = knownKey(start, pos);
        if (key == null) {
            key = text.substring(start, pos);
            if (isYamlWord(key)) {
                throw NotTaken.INSTANCE;
            }
        }
        pos++;
        return key;
    }

    /** The format's own key {@code text[start, end)} as a shared constant (no string per route and key), or {@code null}. */
    private String knownKey(int start, int end) {
        for (String known : KNOWN_KEYS) {
            if (known.length() == end - start && text.startsWith(known, start)) {
                return known;
            }
        }
        return null;
    }

    private boolean startsSequenceItem() {
        return pos < length && text.charAt(pos) == '-' && pos + 1 < length && text.charAt(pos + 1) == ' ';
    }

    /** Skips spaces; whether there was at least one. */
    private boolean skipSpaces() {
        int start = pos;
        while (pos < length && text.charAt(pos) == ' ') {
            pos++;
        }
        return pos > start;
    }

    /** Whether the rest of the line is empty or a comment (the reader is just after a space or a colon). */
    private boolean atLineEnd() {
        return pos >= length || text.charAt(pos) == '\n' || text.charAt(pos) == '#' && text.charAt(pos - 1) == ' ';
    }

    /**
     * Checks that only spaces and a comment are left on the line, and moves to the next line with content.
     * Whether there is one.
     */
    private boolean endOfLine() throws NotTaken {
        boolean spaced = skipSpaces() || text.charAt(pos - 1) == ' ' || text.charAt(pos - 1) == ':';
        if (pos < length && text.charAt(pos) == '#') {
            if (!spaced) {
                throw NotTaken.INSTANCE;
            }
            skipToLineEnd();
        }
        if (pos < length && text.charAt(pos) != '\n') {
            throw NotTaken.INSTANCE;
        }
        return nextContentLine();
    }

    /** From a line end (or the start of the text), moves to the first non-space of the next line that is not blank or a comment. */
    private boolean nextContentLine() {
        if (pos < length && text.charAt(pos) == '\n') {
            pos++;
            line++;
            lineStart = pos;
        }
        while (pos < length) {
            skipSpaces();
            if (pos >= length) {
                return false;
            }
            char c = text.charAt(pos);
            if (c == '#') {
                skipToLineEnd();
            } else if (c != '\n') {
                return true;
            }
            if (pos < length) {
                pos++;
                line++;
                lineStart = pos;
            }
        }
        return false;
    }

    private void skipToLineEnd() {
        while (pos < length && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private char peek() {
        return pos < length ? text.charAt(pos) : 0;
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private Location here() {
        return new Location(line, column());
    }

    // ---- characters ---------------------------------------------------------------------------------

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isKeyChar(char c) {
        return isLetter(c) || isDigit(c) || c == '_' || c == '-';
    }

    /** What a plain scalar may hold after its first character: nothing YAML gives a meaning to inside a scalar. */
    private static boolean isPlainChar(char c) {
        return isLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '/' || c == '*' || c == '-';
    }

    /** Words YAML 1.1 or 1.2 may read as something other than a string, in any case. */
    private static boolean isYamlWord(String word) {
        return switch (word.length()) {
            case 1 -> "yYnN".indexOf(word.charAt(0)) >= 0;
            case 2 -> word.equalsIgnoreCase("no") || word.equalsIgnoreCase("on");
            case 3 -> word.equalsIgnoreCase("yes") || word.equalsIgnoreCase("off");
            case 4 -> word.equalsIgnoreCase("true") || word.equalsIgnoreCase("null");
            case 5 -> word.equalsIgnoreCase("false");
            default -> false;
        };
    }
}
