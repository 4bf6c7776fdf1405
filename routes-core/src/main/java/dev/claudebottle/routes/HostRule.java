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
        if (!raw.chars().allMatch(c -> c < 0x80)) {
            return Checked.bad(nonAscii(raw));
        }
        String host = raw.toLowerCase(Locale.ROOT);
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
        String[] labels = host.split("\\.", -1);
        boolean wildcard = labels[0].equals("*");
        for (int i = wildcard ? 1 : 0; i < labels.length; i++) {
            String problem = labelProblem(labels[i]);
            if (problem != null) {
                return Checked.bad(problem);
            }
        }
        int named = wildcard ? labels.length - 1 : labels.length;
        if (wildcard && named < 2) {
            return Checked.bad("`" + host + "` would cover a whole top-level domain; a wildcard needs at least two labels"
                    + " after `*.`, like `*.example.com`");
        }
        if (isAllDigits(labels[labels.length - 1])) {
            if (!wildcard && isIpv4(labels)) {
                return Checked.ok(new HostPattern(host));
            }
            return Checked.bad("`" + host + "` is neither a DNS name (its last label is all digits) nor an IPv4 address"
                    + " written as four numbers 0..255 without leading zeros");
        }
        return Checked.ok(new HostPattern(host));
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

    private static boolean isAllDigits(String label) {
        return !label.isEmpty() && label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isIpv4(String[] labels) {
        if (labels.length != 4) {
            return false;
        }
        for (String label : labels) {
            if (!isAllDigits(label) || label.length() > 3 || (label.length() > 1 && label.charAt(0) == '0')
                    || Integer.parseInt(label) > 255) {
                return false;
            }
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
