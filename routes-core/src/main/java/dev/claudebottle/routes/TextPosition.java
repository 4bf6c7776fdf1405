package dev.claudebottle.routes;

/** Converts offsets in a file's text into 1-based line and column (columns count code points). */
final class TextPosition {
    private TextPosition() {}

    /** Line and column of the code point with the given 0-based index; clamped to the text. */
    static int[] ofCodePointIndex(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointIndex; seen++) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' || (cp == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
                line++;
                column = 1;
            } else if (cp != '\r') {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** Line and column just after the given (valid) text, i.e. where the next character would be. */
    static int[] after(String text) {
        return ofCodePointIndex(text, text.codePointCount(0, text.length()));
    }
}
