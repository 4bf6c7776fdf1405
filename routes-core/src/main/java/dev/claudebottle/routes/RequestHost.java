package dev.claudebottle.routes;

/**
 * A request's host after canonicalisation, the form routes are matched against and the form
 * egress-proxy should connect to: a DNS name, an IP literal, or a host that is refused.
 *
 * <p>Rules (see {@code docs/routes-matching.md}): ASCII case is folded and one trailing dot is
 * dropped; a DNS name is 1..253 characters of labels (1..63 characters of letters, digits,
 * {@code -} and {@code _}, not starting or ending with {@code -}); non-ASCII hosts are refused, not
 * converted (clients send A-labels such as {@code xn--bcher-kva.example}); a host whose last label
 * is numeric must be a dotted-quad IPv4 literal without leading zeros; IPv6 literals (with or
 * without brackets, no zone id) are accepted and written in RFC 5952 form without brackets.
 */
public sealed interface RequestHost {

    /** Canonicalises a host exactly as sent by the client (CONNECT authority, Host header or absolute URI). */
    static RequestHost of(String raw) {
        return RequestHostCanonicaliser.canonicalise(raw);
    }

    /** A DNS name, lower case, without a trailing dot; matched against exact and wildcard routes. */
    record DnsName(String canonical) implements RequestHost {}

    /**
     * An IPv4 ({@code 10.0.0.1}) or IPv6 ({@code 2001:db8::1}, no brackets) literal in canonical form;
     * it matches only a route whose host is the same literal, never a wildcard.
     */
    record IpLiteral(String canonical) implements RequestHost {}

    /** A host that is not a DNS name or IP literal; {@code problem} says why, for the denial message. */
    record Invalid(String raw, String problem) implements RequestHost {}
}
