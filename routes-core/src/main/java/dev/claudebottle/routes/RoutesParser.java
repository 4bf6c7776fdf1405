package dev.claudebottle.routes;

/**
 * The one routes.yaml parser and validator, used by egress-proxy and the supervisor alike.
 * Thread-safe and stateless.
 */
public final class RoutesParser {
    private RoutesParser() {}

    /** Parses and validates; every problem is reported, never just the first, never as an exception. */
    public static ParseResult parse(RoutesFile file) {
        throw new UnsupportedOperationException("parser is being written");
    }

    public static ParseResult parse(byte[] bytes) {
        return parse(RoutesFile.of(bytes));
    }
}
