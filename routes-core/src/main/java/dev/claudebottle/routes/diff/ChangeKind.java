package dev.claudebottle.routes.diff;

/**
 * What a {@link RouteChange} is. Routes are matched by key ({@code host:port}), so a changed port
 * is a removal plus an addition. The risk each kind carries is fixed in one place (RiskPolicy) and
 * tabled in docs/routes-diff.md.
 */
public enum ChangeKind {
    /** The old file had no routes (deny everything); the new one has some. Policy-wide. */
    FIRST_ROUTES('+', true),
    /** The new file has no routes: the bottle can reach nothing. Policy-wide. */
    ALL_ROUTES_REMOVED('-', true),

    /** A route for an exact host was added. */
    ROUTE_ADDED('+', false),
    /** A route for a wildcard host ({@code *.example.com}) was added. */
    WILDCARD_ROUTE_ADDED('+', false),
    /** A route was removed (its hosts may now fall under a wildcard route that is still there). */
    ROUTE_REMOVED('-', false),

    /** More paths are allowed than before (including: the allowlist was removed). */
    PATHS_WIDENED('~', false),
    /** Fewer paths are allowed, and that is proven (including: an allowlist was added). */
    PATHS_NARROWED('~', false),
    /** The allowlist was rewritten but provably allows the same paths. */
    PATHS_REWRITTEN('~', false),
    /** The allowlist changed and could not be proven narrower or equal. */
    PATHS_CHANGED('~', false),

    /** More methods are allowed (including: the methods restriction was removed). */
    METHODS_WIDENED('~', false),
    /** Fewer methods are allowed (including: a methods restriction was added). */
    METHODS_NARROWED('~', false),

    /** {@code allow_private} turned on (or a new route has it). */
    PRIVATE_ADDRESSES_ALLOWED('~', false),
    /** {@code allow_private} turned off. */
    PRIVATE_ADDRESSES_DISALLOWED('~', false),

    /** A route now injects a secret the old file never injected anywhere. */
    CREDENTIAL_ADDED('~', false),
    /** A route now injects a secret that the old file sent only to other routes, which no longer get it. */
    CREDENTIAL_MOVED('~', false),
    /** A route now injects a secret that other routes get too, as before. */
    CREDENTIAL_SHARED('~', false),
    /** A route injects a different secret than before. */
    CREDENTIAL_SECRET_CHANGED('~', false),
    /** A route injects the same secret into a different header. */
    CREDENTIAL_HEADER_CHANGED('~', false),
    /** A route injects the same secret into the same header with a different prefix. */
    CREDENTIAL_PREFIX_CHANGED('~', false),
    /** A route no longer injects a credential. */
    CREDENTIAL_REMOVED('~', false),

    /** A route that was permanent now has an {@code expires}: it stops allowing anything then. */
    EXPIRY_ADDED('~', false),
    /** A route's {@code expires} was removed: a time-boxed grant became permanent. */
    EXPIRY_REMOVED('~', false),
    /** A route's {@code expires} moved later: the grant lasts longer. */
    EXPIRY_EXTENDED('~', false),
    /** A route's {@code expires} moved earlier: the grant ends sooner. */
    EXPIRY_SHORTENED('~', false);

    private final char symbol;
    private final boolean policyWide;

    ChangeKind(char symbol, boolean policyWide) {
        this.symbol = symbol;
        this.policyWide = policyWide;
    }

    /** {@code +} added, {@code -} removed, {@code ~} changed: the marker the plain-text summary shows. */
    public char symbol() {
        return symbol;
    }

    /** Whether this kind describes the whole file rather than one route (then it has no route key). */
    public boolean isPolicyWide() {
        return policyWide;
    }
}
