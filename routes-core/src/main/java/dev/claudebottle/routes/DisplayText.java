package dev.claudebottle.routes;

/** Request text made safe to put in an explanation (403 body, decision log): quoted, escaped, bounded. */
final class DisplayText {
    private static final int MAX_CHARS = 200;

    private DisplayText() {}

    /** A token (such as a method) as is when it is plain printable ASCII, otherwise {@link #quote quoted}. */
    static String token(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return quote(text);
            }
        }
        return text.isEmpty() ? quote(text) : text;
    }

    /** {@code "text"} with control and non-ASCII characters as {@code \\uXXXX} and long text cut with "...". */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8).append('"');
        for (int i = 0; i < text.length(); i++) {
            if (i == MAX_CHARS) {
                out.append("...");
                break;
            }
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
