package dev.claudebottle.routes;

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
 */
public record Route(
        int index,
        HostPattern host,
        int port,
        Optional<List<PathPattern>> pathAllowlist,
        Optional<Set<String>> methods,
        boolean allowPrivate,
        Optional<AuthInjection> auth) {

    public static final int DEFAULT_PORT = 443;

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
        pathAllowlist = pathAllowlist.map(List::copyOf);
        if (pathAllowlist.isPresent() && pathAllowlist.get().isEmpty()) {
            throw new IllegalArgumentException("path_allowlist, when present, is never empty");
        }
        methods = methods.map(Set::copyOf);
        if (methods.isPresent() && methods.get().isEmpty()) {
            throw new IllegalArgumentException("methods, when present, is never empty");
        }
        auth = auth == null ? Optional.empty() : auth;
    }

    /** {@code host:port}, the route's key (unique within a file). */
    public String key() {
        return host.pattern() + ":" + port;
    }
}
