package dev.claudebottle.routes;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/** Turns a failure of the YAML parser into a located {@link Problem} with a one-line message. */
final class SyntaxProblem {
    private static final int MAX_MESSAGE = 300;

    private SyntaxProblem() {}

    static Problem from(Throwable failure, String text) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark at = marked.getProblemMark();
                Mark context = marked.getContextMark();
                if (context != null && String.valueOf(marked.getContext()).contains("alias")) {
                    // Almost always an unquoted wildcard host: YAML reads a leading `*` as an alias.
                    return new Problem(context.getLine() + 1, context.getColumn() + 1, "", "YAML syntax error: a value"
                            + " starting with `*` must be quoted, as in `host: \"*.example.com\"` (unquoted, YAML reads"
                            + " it as an alias)");
                }
                String message = "YAML syntax error: " + oneLine(marked.getProblem());
                if (marked.getContext() != null && context != null) {
                    message += " (" + oneLine(marked.getContext()) + " starting at line " + (context.getLine() + 1)
                            + ", column " + (context.getColumn() + 1) + ")";
                }
                return new Problem(at.getLine() + 1, at.getColumn() + 1, "", clip(message));
            }
            if (t instanceof ReaderException reader) {
                int[] lineColumn = TextPosition.ofCodePointIndex(text, reader.getPosition());
                return new Problem(lineColumn[0], lineColumn[1], "",
                        String.format("character U+%04X is not allowed in a YAML file", reader.getCodePoint()));
            }
        }
        if (failure instanceof JsonProcessingException jackson) {
            JsonLocation at = jackson.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            return new Problem(line, column, "", clip("YAML syntax error: " + oneLine(jackson.getOriginalMessage())));
        }
        return new Problem(1, 1, "", clip("the file could not be read as YAML: " + oneLine(String.valueOf(failure.getMessage()))));
    }

    private static String oneLine(String s) {
        if (s == null || s.isBlank()) {
            return "unreadable input";
        }
        return s.strip().replaceAll("\\s+", " ");
    }

    private static String clip(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
