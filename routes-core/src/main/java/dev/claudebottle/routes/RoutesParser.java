package dev.claudebottle.routes;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one routes.yaml parser and validator, used by egress-proxy and the supervisor alike.
 * Thread-safe and stateless. The format and every rule are described in docs/routes-format.md.
 */
public final class RoutesParser {
    private static final Comparator<Problem> DOCUMENT_ORDER =
            Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column);

    /**
     * Set (by routes-core's own test run) to read every document a fast path takes with the YAML reader too and
     * fail loudly on any difference, which makes every parser test a differential test of the fast paths.
     */
    static final boolean CROSS_CHECK_FAST_PATHS = Boolean.getBoolean("dev.claudebottle.routes.crossCheckFastPaths");

    /** The start of the message of a problem that is a parser bug rather than a fault in the file. */
    static final String INTERNAL_ERROR = "internal error in the routes parser (please report it): ";

    private RoutesParser() {}

    /** Parses and validates; every problem is reported, never just the first, never as an exception. */
    public static ParseResult parse(RoutesFile file) {
        try {
            return parseChecked(file);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug, not bad input: still fail closed with a value, and name it so it gets reported.
            return invalid(new Problem(1, 1, "", INTERNAL_ERROR + e.getClass().getName()));
        }
    }

    public static ParseResult parse(byte[] bytes) {
        return parse(RoutesFile.of(bytes));
    }

    private static ParseResult parseChecked(RoutesFile file) {
        if (file.size() > RoutesFile.MAX_BYTES) {
            return invalid(new Problem(1, 1, "", "the file is " + file.size() + " bytes; a routes file may be at most "
                    + RoutesFile.MAX_BYTES + " bytes (1 MiB)"));
        }
        byte[] bytes = file.sharedBytes(); // read only: a 1 MiB file is not copied a second time
        Optional<Problem> encoding = utf8Problem(bytes);
        if (encoding.isPresent()) {
            return invalid(encoding.get());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Optional<Problem> lineBreak = unicodeLineBreakProblem(text);
        if (lineBreak.isPresent()) {
            return invalid(lineBreak.get());
        }
        String source = text;
        LocatedYamlReader.Document document = read(source);
        List<Problem> problems = new ArrayList<>(document.problems());
        Optional<Routes> routes = Optional.empty();
        if (document.complete()) {
            if (document.root().isEmpty()) {
                problems.add(new Problem(1, 1, "", "the file has no content; write `routes: []` to deny everything"));
            } else {
                RoutesValidator.Validated validated = RoutesValidator.validate(document.root().get());
                problems.addAll(validated.problems());
                routes = validated.routes();
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(DOCUMENT_ORDER);
            return new ParseResult.Invalid(problems);
        }
        return new ParseResult.Valid(routes.orElseThrow(), file);
    }

    /** The located tree: through a fast path when one takes the text, else through the YAML reader. */
    static LocatedYamlReader.Document read(String text) {
        Optional<LocatedYamlReader.Document> fast = JsonFastReader.read(text).or(() -> BlockYamlFastReader.read(text));
        if (fast.isEmpty()) {
            return LocatedYamlReader.read(text);
        }
        if (CROSS_CHECK_FAST_PATHS) {
            LocatedYamlReader.Document yaml = LocatedYamlReader.read(text);
            if (!yaml.equals(fast.get())) {
                throw new AssertionError("a fast path disagrees with the YAML reader on:\n" + text + "\nfast: " + fast.get()
                        + "\nyaml: " + yaml);
            }
        }
        return fast.get();
    }

    private static ParseResult invalid(Problem problem) {
        return new ParseResult.Invalid(List.of(problem));
    }

    /**
     * YAML 1.1 (and so the parser underneath) also breaks lines at U+0085, U+2028 and U+2029, which
     * editors and terminals mostly do not; refusing them keeps every reported line number the one
     * the operator sees. No routes file needs them.
     */
    private static Optional<Problem> unicodeLineBreakProblem(String text) {
        for (int i = 0, codePoints = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
                int[] at = TextPosition.ofCodePointIndex(text, codePoints);
                return Optional.of(new Problem(at[0], at[1], "", String.format(
                        "character U+%04X (a Unicode line break) is not allowed; use a plain newline", (int) c)));
            }
            if (!Character.isHighSurrogate(c)) {
                codePoints++;
            }
        }
        return Optional.empty();
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The first malformed UTF-8 sequence, located by line and column of the text before it. */
    private static Optional<Problem> utf8Problem(byte[] bytes) {
        if (isAscii(bytes)) {
            return Optional.empty(); // ASCII is valid UTF-8; no decoder and no second copy of a large file
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (!result.isError()) {
            return Optional.empty();
        }
        int[] at = TextPosition.after(new String(bytes, 0, in.position(), StandardCharsets.UTF_8));
        return Optional.of(new Problem(at[0], at[1], "", "the file is not valid UTF-8 (bad byte 0x"
                + String.format("%02X", bytes[in.position()] & 0xff) + " at offset " + in.position() + ")"));
    }
}
