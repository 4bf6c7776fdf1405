package dev.claudebottle.routes;

/** Strict parsing of IP literals into one canonical text form; {@code null} means "not a literal". */
final class IpLiteralSyntax {
    private IpLiteralSyntax() {}

    /** {@code a.b.c.d}, each 0..255 in decimal without leading zeros (no octal, hex or short forms). */
    static String canonicalIpv4(String text) {
        return parseIpv4(text, 0, text.length(), new int[4]) ? text : null;
    }

    /** RFC 4291 text (with an optional trailing dotted quad) to RFC 5952 form, or {@code null}. */
    static String canonicalIpv6(String text) {
        int[] groups = parseIpv6(text);
        return groups == null ? null : format(groups);
    }

    private static boolean parseIpv4(String text, int from, int to, int[] octets) {
        int octet = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == '.') {
                int length = i - start;
                if (octet == 4 || length == 0 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
                    return false;
                }
                int value = 0;
                for (int j = start; j < i; j++) {
                    char c = text.charAt(j);
                    if (c < '0' || c > '9') {
                        return false;
                    }
                    value = value * 10 + (c - '0');
                }
                if (value > 255) {
                    return false;
                }
                octets[octet++] = value;
                start = i + 1;
            }
        }
        return octet == 4;
    }

    private static int[] parseIpv6(String text) {
        if (text.isEmpty()) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == text.length()) {
                return groups;
            }
        } else if (text.charAt(0) == ':') {
            return null;
        }
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && text.charAt(end) != ':') {
                end++;
            }
            String piece = text.substring(i, end);
            if (piece.indexOf('.') >= 0) {
                int[] octets = new int[4];
                if (end != text.length() || count > 6 || !parseIpv4(piece, 0, piece.length(), octets)) {
                    return null;
                }
                groups[count++] = octets[0] << 8 | octets[1];
                groups[count++] = octets[2] << 8 | octets[3];
                break;
            }
            if (piece.isEmpty() || piece.length() > 4 || count == 8) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < piece.length(); j++) {
                int digit = hexValue(piece.charAt(j));
                if (digit < 0) {
                    return null;
                }
                value = value << 4 | digit;
            }
            groups[count++] = value;
            if (end == text.length()) {
                break;
            }
            if (end + 1 < text.length() && text.charAt(end + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i = end + 2;
                if (i == text.length()) {
                    break;
                }
            } else if (end + 1 == text.length()) {
                return null;
            } else {
                i = end + 1;
            }
        }
        if (gap < 0) {
            return count == 8 ? groups : null;
        }
        if (count == 8) {
            return null;
        }
        int[] expanded = new int[8];
        System.arraycopy(groups, 0, expanded, 0, gap);
        int tail = count - gap;
        System.arraycopy(groups, gap, expanded, 8 - tail, tail);
        return expanded;
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String format(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
