package dev.claudebottle.routes;

/**
 * The syntax of one {@code path_allowlist} entry. A pattern starts with "/", is printable ASCII
 * (anything else percent-encoded), has no query, fragment, dot segment or empty segment, and uses
 * {@code *} within a segment and {@code **} only as the whole last segment. Percent-encoding of an
 * unreserved character is refused because request paths are compared after decoding those.
 */
final class PathPatternRule {
    private PathPatternRule() {}

    static Checked<PathPattern> check(String raw) {
        if (!raw.startsWith("/")) {
            if (raw.contains("://")) {
                return Checked.bad("a path pattern is only the path, not a URL; it starts with `/`");
            }
            return Checked.bad("a path pattern must start with `/`");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return Checked.bad("a path pattern must not contain whitespace or control characters");
            }
            if (c > 0x7e) {
                return Checked.bad("a path pattern must be ASCII; percent-encode other characters (UTF-8), as in `/caf%C3%A9`");
            }
            if (c == '?') {
                return Checked.bad("a path pattern must not contain a query (`?`); patterns match the path only");
            }
            if (c == '#') {
                return Checked.bad("a path pattern must not contain a fragment (`#`)");
            }
            if (c == '%') {
                String problem = percentProblem(raw, i);
                if (problem != null) {
                    return Checked.bad(problem);
                }
            }
        }
        // Segments are walked by index, not split into strings: a large file has tens of thousands of patterns.
        for (int start = 1; start <= raw.length(); ) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? raw.length() : slash;
            boolean last = slash < 0;
            int length = end - start;
            if ((length == 1 || length == 2) && raw.charAt(start) == '.' && raw.charAt(end - 1) == '.') {
                return Checked.bad("a path pattern must not contain `.` or `..` segments; request paths are normalised before matching");
            }
            if (length == 0 && !last) {
                return Checked.bad("a path pattern must not contain an empty segment (`//`)");
            }
            int stars = raw.indexOf("**", start);
            if (stars >= 0 && stars + 2 <= end) {
                if (length != 2) {
                    return Checked.bad("`**` must be a whole segment, as in `/repos/**`; use `*` within a segment");
                }
                if (!last) {
                    return Checked.bad("`**` must be the last segment; it already matches any remainder");
                }
            }
            start = end + 1;
        }
        return Checked.ok(new PathPattern(raw));
    }

    private static String percentProblem(String raw, int at) {
        if (at + 2 >= raw.length() || hex(raw.charAt(at + 1)) < 0 || hex(raw.charAt(at + 2)) < 0) {
            return "`%` in a path pattern must be followed by two hex digits";
        }
        char decoded = (char) (hex(raw.charAt(at + 1)) * 16 + hex(raw.charAt(at + 2)));
        if (isUnreserved(decoded)) {
            return "`" + raw.substring(at, at + 3) + "` encodes `" + decoded
                    + "`, which request paths carry decoded; write `" + decoded + "`";
        }
        return null;
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
