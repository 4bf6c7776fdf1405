package dev.claudebottle.routes;

/** Turns a host as sent into a {@link RequestHost}; the rules are on {@link RequestHost}. */
final class RequestHostCanonicaliser {
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private RequestHostCanonicaliser() {}

    static RequestHost canonicalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new RequestHost.Invalid(String.valueOf(raw), "empty host");
        }
        if (raw.charAt(0) == '[' || raw.indexOf(':') >= 0) {
            return ipv6(raw);
        }
        String host = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        if (host.isEmpty()) {
            return new RequestHost.Invalid(raw, "empty host");
        }
        if (host.length() > MAX_NAME_LENGTH) {
            return new RequestHost.Invalid(raw, "longer than " + MAX_NAME_LENGTH + " characters");
        }
        StringBuilder lower = null;
        int labelStart = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                String problem = labelProblem(host, labelStart, i);
                if (problem != null) {
                    return new RequestHost.Invalid(raw, problem);
                }
                labelStart = i + 1;
            } else if (c >= 'A' && c <= 'Z') {
                if (lower == null) {
                    lower = new StringBuilder(host.length()).append(host, 0, i);
                }
                lower.append((char) (c + ('a' - 'A')));
                continue;
            } else if (!isNameChar(c)) {
                return new RequestHost.Invalid(raw, describe(c));
            }
            if (lower != null && i < host.length()) {
                lower.append(c);
            }
        }
        String canonical = lower == null ? host : lower.toString();
        int lastDot = canonical.lastIndexOf('.');
        if (looksNumeric(canonical, lastDot + 1)) {
            String ipv4 = IpLiteralSyntax.canonicalIpv4(canonical);
            return ipv4 == null
                    ? new RequestHost.Invalid(raw, "numeric host that is not a dotted-quad IPv4 address")
                    : new RequestHost.IpLiteral(ipv4);
        }
        return new RequestHost.DnsName(canonical);
    }

    private static RequestHost ipv6(String raw) {
        String inner = raw;
        if (raw.charAt(0) == '[') {
            if (!raw.endsWith("]")) {
                return new RequestHost.Invalid(raw, "unterminated IPv6 literal (or a port in the host)");
            }
            inner = raw.substring(1, raw.length() - 1);
        }
        if (inner.indexOf('%') >= 0) {
            return new RequestHost.Invalid(raw, "IPv6 zone ids are not allowed");
        }
        String canonical = IpLiteralSyntax.canonicalIpv6(inner);
        return canonical == null
                ? new RequestHost.Invalid(raw, "not a DNS name or IP literal (a port in the host?)")
                : new RequestHost.IpLiteral(canonical);
    }

    private static String labelProblem(String host, int start, int end) {
        if (end == start) {
            return "empty label";
        }
        if (end - start > MAX_LABEL_LENGTH) {
            return "label longer than " + MAX_LABEL_LENGTH + " characters";
        }
        if (host.charAt(start) == '-' || host.charAt(end - 1) == '-') {
            return "label starts or ends with '-'";
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** A last label of digits, or of the 0x form, is what resolvers read as part of an IPv4 number. */
    private static boolean looksNumeric(String host, int lastLabelStart) {
        int i = lastLabelStart;
        if (i == host.length()) {
            return false;
        }
        if (host.startsWith("0x", i)) {
            i += 2;
            for (; i < host.length(); i++) {
                if (IpLiteralSyntax.hexValue(host.charAt(i)) < 0) {
                    return false;
                }
            }
            return true;
        }
        for (; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String describe(char c) {
        if (c > 0x7e) {
            return "non-ASCII character (send the IDNA A-label, e.g. xn--...)";
        }
        if (c <= 0x20 || c == 0x7f) {
            return "whitespace or control character";
        }
        return "character '" + c + "' is not allowed in a host";
    }
}
