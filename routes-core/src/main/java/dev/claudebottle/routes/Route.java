package dev.claudebottle.routes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One allowed destination.
 *
 * @param index         position in the file's {@code routes} list (0-based), for explanations
 * @param host          an exact DNS name or a {@code *.suffix} wildcard, canonical (lower case, no trailing dot)
 * @param port          1..65535
 * @param pathAllowlist empty = every path; otherwise never an empty list
 * @param methods       empty = every method; otherwise upper-case method names
 * @param allowPrivate  whether this host may resolve to private, loopback or link-local addresses
 * @param auth          the credential egress-proxy injects, if any
 * @param expires       when the route stops allowing anything (a time-boxed grant), if ever; from that
 *                      instant on the matcher denies every request it would decide with {@code grant-expired}
 */
public record Route(
        int index,
        HostPattern host,
        int port,
        Optional<List<PathPattern>> pathAllowlist,
        Optional<Set<String>> methods,
        boolean allowPrivate,
        Optional<AuthInjection> auth,
        Optional<Instant> expires) {

    public static final int DEFAULT_PORT = 443;

    /** A route without an expiry (it allows what it says until the file changes). */
    public Route(int index, HostPattern host, int port, Optional<List<PathPattern>> pathAllowlist,
            Optional<Set<String>> methods, boolean allowPrivate, Optional<AuthInjection> auth) {
        this(index, host, port, pathAllowlist, methods, allowPrivate, auth, Optional.empty());
    }

    public Route {
        if (index < 0) {
            throw new IllegalArgumentException("route index must be >= 0");
        }
        if (host == null) {
            throw new IllegalArgumentException("route host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        pathAllowlist = sameOrCopy(pathAllowlist, List::copyOf);
        if (pathAllowlist.isPresent() && pathAllowlist.get().isEmpty()) {
            throw new IllegalArgumentException("path_allowlist, when present, is never empty");
        }
        methods = sameOrCopy(methods, Set::copyOf);
        if (methods.isPresent() && methods.get().isEmpty()) {
            throw new IllegalArgumentException("methods, when present, is never empty");
        }
        auth = auth == null ? Optional.empty() : auth;
        expires = expires == null ? Optional.empty() : expires;
    }

    /** {@code value.map(copy)}, but the same Optional when the copy is the same (already unmodifiable) collection. */
    private static <C> Optional<C> sameOrCopy(Optional<C> value, java.util.function.UnaryOperator<C> copy) {
        if (value.isEmpty()) {
            return value;
        }
        C copied = copy.apply(value.get());
        return copied == value.get() ? value : Optional.of(copied);
    }

    /** Whether this route's grant has ended at {@code now} (an expiry at exactly {@code now} has ended). */
    public boolean expiredAt(Instant now) {
        return expires.isPresent() && !now.isBefore(expires.get());
    }

    /** The same route with {@code expires} set to {@code until}. */
    public Route expiring(Instant until) {
        return new Route(index, host, port, pathAllowlist, methods, allowPrivate, auth, Optional.of(until));
    }

    /** {@code host:port}, the route's key (unique within a file). */
    public String key() {
        return host.pattern() + ":" + port;
    }
}
