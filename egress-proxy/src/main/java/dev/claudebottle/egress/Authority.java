package dev.claudebottle.egress;

import java.util.Locale;
import java.util.Optional;

/**
 * A {@code host:port} pair as written in a CONNECT request or {@code --listen}; IPv6 literals in
 * brackets. The host is kept as written (case folding is the matcher's business).
 */
record Authority(String host, int port) {
    Authority {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Parses {@code host:port} (port required); empty when it is not one. */
    static Optional<Authority> parse(String text) {
        return parse(text, -1);
    }

    /** Parses {@code host[:port]}, using {@code defaultPort} when the port is absent (-1: port required). */
    static Optional<Authority> parse(String text, int defaultPort) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                port = null;
            } else if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else {
                return Optional.empty();
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                return Optional.empty(); // bare IPv6 without brackets is ambiguous
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty() || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/' && c != '@' && c != '?' && c != '#')) {
            return Optional.empty();
        }
        int portNumber;
        if (port == null) {
            if (defaultPort < 0) {
                return Optional.empty();
            }
            portNumber = defaultPort;
        } else {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            portNumber = Integer.parseInt(port);
            if (portNumber > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(new Authority(host, portNumber));
    }

    /** Host compared the way DNS does: case-insensitive, a trailing dot ignored. */
    static String canonicalHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /**
     * This authority with its host canonical (lower case, one trailing dot removed), the form that is
     * resolved, matched, logged and named to the upstream; empty when nothing is left of the host.
     */
    Optional<Authority> canonical() {
        String canonical = canonicalHost(host);
        return canonical.isEmpty() ? Optional.empty() : Optional.of(new Authority(canonical, port));
    }

    boolean sameHostAs(String otherHost) {
        return canonicalHost(host).equals(canonicalHost(otherHost));
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
