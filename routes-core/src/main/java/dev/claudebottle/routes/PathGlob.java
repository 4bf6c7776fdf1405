package dev.claudebottle.routes;

/**
 * A {@link PathPattern} compiled once per snapshot into per-segment matchers. A pattern segment
 * {@code **} matches zero or more whole segments; any other segment matches exactly one request
 * segment, where {@code *} matches a run (possibly empty) of characters within it and everything
 * else is literal after the same percent-escape canonicalisation as request paths. Matching is a
 * two-pointer wildcard walk (no regular expressions), at worst segments x pattern segments.
 */
final class PathGlob {
    private static final byte LITERAL = 0;
    private static final byte ANY_SEGMENT = 1;
    private static final byte GLOB = 2;
    private static final byte ANY_SEGMENTS = 3;
    private static final byte NEVER = 4;

    private final PathPattern source;
    private final byte[] kinds;
    private final String[] texts;

    private PathGlob(PathPattern source, byte[] kinds, String[] texts) {
        this.source = source;
        this.kinds = kinds;
        this.texts = texts;
    }

    static PathGlob compile(PathPattern pattern) {
        String text = pattern.pattern();
        int count = segmentCount(text);
        byte[] kinds = new byte[count];
        String[] texts = new String[count];
        int start = 1;
        for (int i = 0; i < count; i++) {
            int slash = text.indexOf('/', start);
            int end = slash < 0 ? text.length() : slash;
            if (end - start == 2 && text.startsWith("**", start)) {
                kinds[i] = ANY_SEGMENTS;
            } else if (end - start == 1 && text.charAt(start) == '*') {
                kinds[i] = ANY_SEGMENT;
            } else {
                String canonical = canonicalGlobText(text.substring(start, end));
                if (".".equals(canonical) || "..".equals(canonical)) {
                    canonical = null; // normalised request paths never contain dot segments
                }
                kinds[i] = canonical == null ? NEVER : canonical.indexOf('*') >= 0 ? GLOB : LITERAL;
                texts[i] = canonical;
            }
            start = end + 1;
        }
        return new PathGlob(pattern, kinds, texts);
    }

    /** The number of segments {@link #splitSegments} gives for {@code path}, without making them. */
    private static int segmentCount(String path) {
        int count = 1;
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

    PathPattern source() {
        return source;
    }

    /** Whether the segments of a normalised request path (see {@link #splitSegments}) match. */
    boolean matches(String[] segments) {
        int p = 0;
        int s = 0;
        int starP = -1;
        int starS = -1;
        while (s < segments.length) {
            if (p < kinds.length && kinds[p] == ANY_SEGMENTS) {
                starP = p++;
                starS = s;
            } else if (p < kinds.length && segmentMatches(p, segments[s])) {
                p++;
                s++;
            } else if (starP >= 0) {
                p = starP + 1;
                s = ++starS;
            } else {
                return false;
            }
        }
        while (p < kinds.length && kinds[p] == ANY_SEGMENTS) {
            p++;
        }
        return p == kinds.length;
    }

    private boolean segmentMatches(int p, String segment) {
        return switch (kinds[p]) {
            case LITERAL -> texts[p].equals(segment);
            case ANY_SEGMENT -> true;
            case GLOB -> globMatches(texts[p], segment);
            default -> false;
        };
    }

    /** {@code /a/b/} gives {@code [a, b, ""]}; {@code /} gives {@code [""]}. The path starts with '/'. */
    static String[] splitSegments(String path) {
        int count = segmentCount(path);
        String[] segments = new String[count];
        int start = 1;
        for (int n = 0; n < count; n++) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            segments[n] = path.substring(start, end);
            start = end + 1;
        }
        return segments;
    }

    private static boolean globMatches(String glob, String text) {
        int p = 0;
        int i = 0;
        int starP = -1;
        int starI = -1;
        while (i < text.length()) {
            if (p < glob.length() && glob.charAt(p) == '*') {
                starP = p++;
                starI = i;
            } else if (p < glob.length() && glob.charAt(p) == text.charAt(i)) {
                p++;
                i++;
            } else if (starP >= 0) {
                p = starP + 1;
                i = ++starI;
            } else {
                return false;
            }
        }
        while (p < glob.length() && glob.charAt(p) == '*') {
            p++;
        }
        return p == glob.length();
    }

    /** Canonicalises the literal runs between '*'; {@code null} if a run could never match a safe path. */
    private static String canonicalGlobText(String part) {
        if (part.indexOf('*') < 0) {
            return RequestPathNormaliser.canonicalSegment(part); // no builder and no copy for a plain segment
        }
        StringBuilder out = new StringBuilder(part.length());
        int start = 0;
        while (true) {
            int star = part.indexOf('*', start);
            int end = star < 0 ? part.length() : star;
            String literal = RequestPathNormaliser.canonicalSegment(part.substring(start, end));
            if (literal == null) {
                return null;
            }
            out.append(literal);
            if (star < 0) {
                return out.toString();
            }
            out.append('*');
            start = star + 1;
        }
    }

    @Override
    public String toString() {
        return source.pattern();
    }
}
