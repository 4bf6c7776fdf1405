package dev.claudebottle.routes;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What must hold for ANY input bytes: parsing returns (never throws), an invalid result has
 * problems in document order located inside the text, and a valid result survives a round trip
 * through {@link RoutesWriter}. Shared by the Jazzer fuzz test and the jqwik properties.
 */
final class ParserInvariants {
    private ParserInvariants() {}

    static ParseResult check(byte[] input) {
        ParseResult result = RoutesParser.parse(input);
        switch (result) {
            case ParseResult.Invalid invalid -> checkLocations(input, invalid.problems());
            case ParseResult.Valid valid -> {
                ParseResult again = RoutesParser.parse(RoutesWriter.toFile(valid.routes()));
                if (!(again instanceof ParseResult.Valid v) || !v.routes().equals(valid.routes())) {
                    throw new AssertionError("round trip changed the routes: " + valid.routes() + " -> " + again);
                }
            }
        }
        return result;
    }

    private static void checkLocations(byte[] input, List<Problem> problems) {
        String text = new String(input, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n|\r|\n", -1);
        int longest = 0;
        for (String line : lines) {
            longest = Math.max(longest, line.codePointCount(0, line.length()));
        }
        Problem previous = null;
        for (Problem p : problems) {
            if (p.message().startsWith(RoutesParser.INTERNAL_ERROR)) {
                throw new AssertionError("the parser failed internally: " + p);
            }
            if (p.line() > lines.length + 1 || p.column() > longest + 2) {
                throw new AssertionError("problem outside the text (" + lines.length + " lines, longest " + longest
                        + "): " + p);
            }
            if (previous != null && (p.line() < previous.line()
                    || p.line() == previous.line() && p.column() < previous.column())) {
                throw new AssertionError("problems out of document order: " + previous + " then " + p);
            }
            previous = p;
        }
    }
}
