package dev.claudebottle.routes;

/**
 * One {@code path_allowlist} entry: starts with "/", where {@code *} matches within one segment
 * (never a "/") and {@code **} matches any remainder, including nothing and further segments.
 * Syntax is checked by {@link RoutesParser}; matching is done on normalised request paths.
 */
public record PathPattern(String pattern) {
    public PathPattern {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with '/': " + pattern);
        }
    }

    @Override
    public String toString() {
        return pattern;
    }
}
