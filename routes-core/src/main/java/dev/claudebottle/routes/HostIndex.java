package dev.claudebottle.routes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of one snapshot indexed by host: a hash map of exact hosts (DNS names and canonical IP
 * literals) and a hash map of wildcard suffixes, each to the routes per port. A lookup costs one
 * exact probe plus one probe per label of the request host, whatever the number of routes.
 */
final class HostIndex {
    private final Map<String, PortTable> exact;
    private final Map<String, PortTable> wildcardSuffixes;

    private HostIndex(Map<String, PortTable> exact, Map<String, PortTable> wildcardSuffixes) {
        this.exact = exact;
        this.wildcardSuffixes = wildcardSuffixes;
    }

    /** @throws IllegalArgumentException if two routes cover the same host and port */
    static HostIndex build(List<Route> routes) {
        Map<String, PortTable> exact = new HashMap<>();
        Map<String, PortTable> wildcard = new HashMap<>();
        for (Route route : routes) {
            HostPattern host = route.host();
            Map<String, PortTable> target = host.isWildcard() ? wildcard : exact;
            String key = host.isWildcard() ? host.suffix() : exactKey(host.pattern());
            PortTable existing = target.get(key);
            target.put(key, existing == null ? PortTable.of(route) : existing.plus(route));
        }
        return new HostIndex(exact, wildcard);
    }

    /** Route hosts that are IP literals are keyed by the same canonical text as request hosts. */
    private static String exactKey(String pattern) {
        return switch (RequestHost.of(pattern)) {
            case RequestHost.DnsName name -> name.canonical();
            case RequestHost.IpLiteral ip -> ip.canonical();
            case RequestHost.Invalid invalid -> pattern;
        };
    }

    /**
     * The route for this host and port: an exact host first, then the longest wildcard suffix; IP
     * literals match exact routes only. {@code null} if none.
     */
    CompiledRoute find(String canonicalHost, boolean ipLiteral, int port) {
        return lookup(canonicalHost, ipLiteral, port, false);
    }

    /** The most specific route for this host on any port (to tell "wrong port" from "unknown host"), or {@code null}. */
    CompiledRoute findOnAnyPort(String canonicalHost, boolean ipLiteral) {
        return lookup(canonicalHost, ipLiteral, 0, true);
    }

    private CompiledRoute lookup(String canonicalHost, boolean ipLiteral, int port, boolean anyPort) {
        CompiledRoute found = pick(exact.get(canonicalHost), port, anyPort);
        if (found != null || ipLiteral) {
            return found;
        }
        for (int dot = canonicalHost.indexOf('.'); dot >= 0; dot = canonicalHost.indexOf('.', dot + 1)) {
            found = pick(wildcardSuffixes.get(canonicalHost.substring(dot + 1)), port, anyPort);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static CompiledRoute pick(PortTable table, int port, boolean anyPort) {
        if (table == null) {
            return null;
        }
        return anyPort ? table.routes[0] : table.forPort(port);
    }

    /** The routes of one host pattern, one per port, in file order. Usually a single entry. */
    private static final class PortTable {
        private final int[] ports;
        private final CompiledRoute[] routes;

        private PortTable(int[] ports, CompiledRoute[] routes) {
            this.ports = ports;
            this.routes = routes;
        }

        static PortTable of(Route route) {
            return new PortTable(new int[] {route.port()}, new CompiledRoute[] {new CompiledRoute(route)});
        }

        PortTable plus(Route route) {
            CompiledRoute clash = forPort(route.port());
            if (clash != null) {
                throw new IllegalArgumentException("routes[" + route.index() + "] covers the same host and port as "
                        + clash.label());
            }
            int n = ports.length;
            int[] morePorts = Arrays.copyOf(ports, n + 1);
            CompiledRoute[] moreRoutes = Arrays.copyOf(routes, n + 1);
            morePorts[n] = route.port();
            moreRoutes[n] = new CompiledRoute(route);
            return new PortTable(morePorts, moreRoutes);
        }

        CompiledRoute forPort(int port) {
            for (int i = 0; i < ports.length; i++) {
                if (ports[i] == port) {
                    return routes[i];
                }
            }
            return null;
        }
    }
}
