package dev.claudebottle.routes;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * One normalisation of one raw request target into a {@link RequestPath}; the rules are on
 * {@link RequestPath}. Not thread-safe: an instance lives for one call.
 */
final class RequestPathNormaliser {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String raw;
    private String problem;
    private boolean rewritten;

    private RequestPathNormaliser(String raw) {
        this.raw = raw;
    }

    static RequestPath normalise(String rawTarget) {
        if (rawTarget == null) {
            return new RequestPath.Unsafe("null", "no path");
        }
        return new RequestPathNormaliser(rawTarget).run();
    }

    private RequestPath run() {
        int queryStart = -1;
        int targetEnd = raw.length();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return unsafe(describeRaw(c) + " at offset " + i);
            }
            if (c == '#') {
                return unsafe("fragment ('#') at offset " + i + " (a request target never carries one)");
            }
            if (c == '?' && queryStart < 0) {
                queryStart = i;
            }
        }
        int pathEnd = queryStart >= 0 ? queryStart : targetEnd;
        Optional<String> query = queryStart >= 0 ? Optional.of(raw.substring(queryStart + 1, targetEnd)) : Optional.empty();
        if (pathEnd == 0) {
            return new RequestPath.Normalised("/", query);
        }
        if (raw.charAt(0) != '/') {
            return unsafe("does not start with '/'");
        }
        String[] stack = new String[8];
        int depth = 0;
        int start = 1;
        while (true) {
            int end = raw.indexOf('/', start);
            if (end < 0 || end > pathEnd) {
                end = pathEnd;
            }
            boolean last = end == pathEnd;
            String segment = segment(start, end);
            if (segment == null) {
                return unsafe(problem);
            }
            if (segment.isEmpty() && !last) {
                return unsafe("empty segment ('//') at offset " + end);
            }
            if (segment.equals(".") || segment.equals("..")) {
                rewritten = true;
                if (segment.length() == 2) {
                    if (depth == 0) {
                        return unsafe("'..' climbs above the root at offset " + start);
                    }
                    depth--;
                }
                if (last) {
                    stack = push(stack, depth++, "");
                }
            } else if (isHollowSegmentWithParameter(segment)) {
                return unsafe("empty or dot segment before a ';' parameter at offset " + start);
            } else if (SegmentLookalikes.problem(segment) instanceof String lookalike) {
                return unsafe(lookalike + " in segment at offset " + start);
            } else {
                stack = push(stack, depth++, segment);
            }
            if (last) {
                break;
            }
            start = end + 1;
        }
        String path = rewritten ? join(stack, depth) : raw.substring(0, pathEnd);
        return new RequestPath.Normalised(path, query);
    }

    /**
     * The canonical form of one path segment's text (as in a path pattern), or {@code null} if a
     * request segment could never normalise to it (a forbidden escape or character).
     */
    static String canonicalSegment(String text) {
        boolean plain = true; // only pchars and no escape: already canonical, as segment() would find
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '/' || c == '?' || c == '#') {
                return null;
            }
            plain &= c != '%' && isPchar(c);
        }
        return plain ? text : new RequestPathNormaliser(text).segment(0, text.length());
    }

    /** The canonical text of {@code raw[start, end)}, or {@code null} with {@link #problem} set. */
    private String segment(int start, int end) {
        StringBuilder out = null;
        boolean highBytes = false;
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < end ? IpLiteralSyntax.hexValue(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? IpLiteralSyntax.hexValue(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    problem = "malformed percent-escape at offset " + i;
                    return null;
                }
                int b = hi << 4 | lo;
                String forbidden = forbiddenEscape(b);
                if (forbidden != null) {
                    problem = forbidden + " at offset " + i;
                    return null;
                }
                if (out == null) {
                    out = new StringBuilder(end - start).append(raw, start, i);
                }
                if (isUnreserved((char) b)) {
                    out.append((char) b);
                    rewritten = true;
                } else {
                    out.append('%').append(HEX[hi]).append(HEX[lo]);
                    rewritten |= raw.charAt(i + 1) != HEX[hi] || raw.charAt(i + 2) != HEX[lo];
                    highBytes |= b >= 0x80;
                }
                i += 2;
            } else if (c == '\\') {
                problem = "backslash at offset " + i;
                return null;
            } else if (isPchar(c)) {
                if (out != null) {
                    out.append(c);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(end - start + 4).append(raw, start, i);
                }
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
                rewritten = true;
            }
        }
        String segment = out == null ? raw.substring(start, end) : out.toString();
        if (highBytes && !isUtf8(segment)) {
            problem = "percent-encoded bytes are not valid UTF-8 in segment at offset " + start;
            return null;
        }
        if (hasDoubleEncodedDelimiter(segment)) {
            problem = "double-encoded '.', '/', '\\', ';' or '%' in segment at offset " + start;
            return null;
        }
        return segment;
    }

    /**
     * {@code %25} followed by the hex of '.', '/', '\\', ';' or '%': harmless to a conforming server,
     * a traversal for one that decodes twice. Checked on the canonical text, so {@code %25%32%65}
     * (which canonicalises to {@code %252e}) is caught too.
     */
    private static boolean hasDoubleEncodedDelimiter(String segment) {
        for (int i = segment.indexOf("%25"); i >= 0 && i + 4 < segment.length(); i = segment.indexOf("%25", i + 1)) {
            int hi = IpLiteralSyntax.hexValue(segment.charAt(i + 3));
            int lo = IpLiteralSyntax.hexValue(segment.charAt(i + 4));
            if (hi >= 0 && lo >= 0) {
                int b = hi << 4 | lo;
                if (b == '.' || b == '/' || b == '\\' || b == ';' || b == '%') {
                    return true;
                }
            }
        }
        return false;
    }

    private static String forbiddenEscape(int b) {
        if (b == '/') {
            return "encoded slash (%2F)";
        }
        if (b == '\\') {
            return "encoded backslash (%5C)";
        }
        if (b < 0x20 || b == 0x7f) {
            return "encoded control character (%" + HEX[b >> 4] + HEX[b & 0xf] + ")";
        }
        return null;
    }

    /**
     * Servers that strip ';' parameters (Tomcat and others) read {@code ..;x} as {@code ..} and
     * {@code ;x} as an empty segment they then merge, so such segments could hide a traversal.
     */
    private static boolean isHollowSegmentWithParameter(String segment) {
        int semicolon = segment.indexOf(';');
        int encoded = segment.indexOf("%3B");
        int cut = semicolon < 0 ? encoded : encoded < 0 ? semicolon : Math.min(semicolon, encoded);
        return cut >= 0 && cut <= 2 && (cut == 0 || segment.startsWith(".") && (cut == 1 || segment.charAt(1) == '.'));
    }

    static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 {@code pchar} minus pct-encoded: unreserved, sub-delims, ':' and '@'. */
    static boolean isPchar(char c) {
        return isUnreserved(c) || "!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    /** The bytes a canonical segment stands for: each {@code %XX} escape decoded, every other character as itself. */
    static byte[] percentDecoded(String canonicalSegment) {
        byte[] bytes = new byte[canonicalSegment.length()];
        int n = 0;
        for (int i = 0; i < canonicalSegment.length(); i++) {
            char c = canonicalSegment.charAt(i);
            if (c == '%') {
                bytes[n++] = (byte) (IpLiteralSyntax.hexValue(canonicalSegment.charAt(i + 1)) << 4
                        | IpLiteralSyntax.hexValue(canonicalSegment.charAt(i + 2)));
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        return java.util.Arrays.copyOf(bytes, n);
    }

    private static boolean isUtf8(String canonicalSegment) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(percentDecoded(canonicalSegment)));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String[] push(String[] stack, int depth, String segment) {
        String[] target = depth == stack.length ? Arrays.copyOf(stack, depth * 2) : stack;
        target[depth] = segment;
        return target;
    }

    private static String join(String[] stack, int depth) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            out.append('/').append(stack[i]);
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    private RequestPath unsafe(String why) {
        return new RequestPath.Unsafe(raw, why);
    }

    private static String describeRaw(char c) {
        if (c == ' ') {
            return "space";
        }
        return c >= 0x7f && c != 0x7f ? "non-ASCII character (percent-encode it)" : "control character";
    }
}
