package dev.claudebottle.routes;

import java.util.Locale;

/**
 * A route's host: an exact DNS name ({@code api.github.com}) or a wildcard ({@code *.example.com})
 * that matches any subdomain depth of the suffix, never the apex. Always canonical: lower case,
 * no trailing dot. Syntax is checked by {@link RoutesParser}; this type only keeps it canonical.
 */
public record HostPattern(String pattern) {
    public HostPattern {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("host pattern must not be empty");
        }
        if (!pattern.equals(pattern.toLowerCase(Locale.ROOT)) || pattern.endsWith(".")) {
            throw new IllegalArgumentException("host pattern must be canonical (lower case, no trailing dot): " + pattern);
        }
    }

    public boolean isWildcard() {
        return pattern.startsWith("*.");
    }

    /** For {@code *.example.com}: {@code example.com}. For an exact host: the host itself. */
    public String suffix() {
        return isWildcard() ? pattern.substring(2) : pattern;
    }

    /** Whether a canonical request host (lower case, no trailing dot) is covered by this pattern. */
    public boolean matches(String canonicalHost) {
        if (!isWildcard()) {
            return pattern.equals(canonicalHost);
        }
        String suffix = suffix();
        return canonicalHost.length() > suffix.length() + 1
                && canonicalHost.endsWith(suffix)
                && canonicalHost.charAt(canonicalHost.length() - suffix.length() - 1) == '.';
    }

    @Override
    public String toString() {
        return pattern;
    }
}
