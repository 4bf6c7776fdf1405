package dev.claudebottle.routes;

import java.net.IDN;
import java.util.Locale;

/**
 * The syntax of a route's {@code host}: an exact DNS name, a {@code *.suffix} wildcard, or an IPv4
 * address. Gives the canonical form (lower case, no trailing dot) or the first thing wrong with it.
 * Internationalised names must be written in punycode ({@code xn--} labels); raw Unicode is refused
 * because the proxy compares the ASCII form the client sends.
 */
final class HostRule {
    static final int MAX_NAME_LENGTH = 253;
    static final int MAX_LABEL_LENGTH = 63;

    private HostRule() {}

    static Checked<HostPattern> check(String raw) {
        if (raw.isEmpty()) {
            return Checked.bad("host must not be empty");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return Checked.bad("host must not contain whitespace or control characters");
            }
        }
        int scheme = raw.indexOf("://");
        if (scheme >= 0) {
            return Checked.bad("host must be a bare name without a scheme; write `" + Excerpt.of(bareHost(raw.substring(scheme + 3))) + "`");
        }
        if (raw.indexOf('/') >= 0) {
            return Checked.bad("host must not contain a path; write `" + Excerpt.of(bareHost(raw))
                    + "` and list paths under `path_allowlist`");
        }
        if (raw.startsWith("[") || raw.indexOf(':') != raw.lastIndexOf(':')) {
            return Checked.bad("IPv6 addresses are not supported; name the host by its DNS name");
        }
        int colon = raw.indexOf(':');
        if (colon >= 0) {
            return Checked.bad("host must not contain a port; write `host: " + Excerpt.of(raw.substring(0, colon))
                    + "` and `port: " + Excerpt.of(raw.substring(colon + 1)) + "`");
        }
        if (!isAscii(raw)) {
            return Checked.bad(nonAscii(raw));
        }
        String host = raw.toLowerCase(Locale.ROOT); // the same String when it is already lower case
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            return Checked.bad("host must be a DNS name, not just a dot");
        }
        if (host.equals("*")) {
            return Checked.bad("a bare `*` would allow every host; name a domain, like `*.example.com`");
        }
        if (host.length() > MAX_NAME_LENGTH) {
            return Checked.bad("host is " + host.length() + " characters long; a DNS name has at most " + MAX_NAME_LENGTH);
        }
        // Labels are walked by index, not split into strings: a large file has tens of thousands of hosts.
        boolean wildcard = host.startsWith("*."); // a bare `*` was refused above
        int labels = 0;
        int lastLabelStart = 0;
        for (int start = 0; start <= host.length(); ) {
            int dot = host.indexOf('.', start);
            int end = dot < 0 ? host.length() : dot;
            if (!(wildcard && labels == 0)) {
                String problem = labelProblem(host, start, end);
                if (problem != null) {
                    return Checked.bad(problem);
                }
            }
            labels++;
            lastLabelStart = start;
            start = end + 1;
        }
        int named = wildcard ? labels - 1 : labels;
        if (wildcard && named < 2) {
            return Checked.bad("`" + host + "` would cover a whole top-level domain; a wildcard needs at least two labels"
                    + " after `*.`, like `*.example.com`");
        }
        if (isAllDigits(host, lastLabelStart, host.length())) {
            if (!wildcard && isIpv4(host, labels)) {
                return Checked.ok(new HostPattern(host));
            }
            return Checked.bad("`" + host + "` is neither a DNS name (its last label is all digits) nor an IPv4 address"
                    + " written as four numbers 0..255 without leading zeros");
        }
        return Checked.ok(new HostPattern(host));
    }

    private static boolean isAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** What is wrong with the label {@code host[start, end)}, or {@code null}; the label text is only built for a message. */
    private static String labelProblem(String host, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = host.charAt(i);
            if (c == '*' || !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return labelProblem(host.substring(start, end));
            }
        }
        if (end == start || end - start > MAX_LABEL_LENGTH || host.charAt(start) == '-' || host.charAt(end - 1) == '-') {
            return labelProblem(host.substring(start, end));
        }
        return null;
    }

    private static String labelProblem(String label) {
        if (label.isEmpty()) {
            return "host has an empty label (`..`, or a leading dot)";
        }
        if (label.indexOf('*') >= 0) {
            return "`*` is only allowed as the whole leftmost label, as in `*.example.com`";
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return "label `" + label + "` is " + label.length() + " characters long; a DNS label has at most " + MAX_LABEL_LENGTH;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return "label `" + label + "` contains `" + c + "`; DNS labels use only letters, digits and hyphens";
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return "label `" + label + "` must not start or end with a hyphen";
        }
        return null;
    }

    private static boolean isAllDigits(String host, int start, int end) {
        if (start == end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Four labels of 1..3 digits, each 0..255 without a leading zero; only called when the last label is all digits. */
    private static boolean isIpv4(String host, int labels) {
        if (labels != 4) {
            return false;
        }
        for (int start = 0; start < host.length(); ) {
            int dot = host.indexOf('.', start);
            int end = dot < 0 ? host.length() : dot;
            int length = end - start;
            if (!isAllDigits(host, start, end) || length > 3 || (length > 1 && host.charAt(start) == '0')
                    || Integer.parseInt(host, start, end, 10) > 255) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    private static String nonAscii(String raw) {
        String hint = "host contains non-ASCII characters; write internationalised names in punycode";
        try {
            String ascii = IDN.toASCII(raw, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            if (ascii.chars().allMatch(c -> c < 0x80)) {
                return hint + ": `" + Excerpt.of(ascii) + "`";
            }
        } catch (IllegalArgumentException e) {
            // No punycode suggestion for names IDNA refuses; the general hint still applies.
        }
        return hint + " (`xn--` labels)";
    }

    /** The host part of something that looks like a URL or host/path, for suggestions. */
    private static String bareHost(String s) {
        int slash = s.indexOf('/');
        return slash >= 0 ? s.substring(0, slash) : s;
    }
}
