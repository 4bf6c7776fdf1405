package dev.claudebottle.routes;

/**
 * One thing wrong with a routes file: where (1-based line and column, and a path such as
 * {@code routes[2].auth.secret}; the path is empty for the document itself) and what.
 */
public record Problem(int line, int column, String path, String message) {
    public Problem {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
        if (path == null || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a problem needs a path (may be empty) and a message");
        }
    }

    /** {@code FILE:LINE:COL: path: message}, the form every command prints. */
    public String format(String fileName) {
        return fileName + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
