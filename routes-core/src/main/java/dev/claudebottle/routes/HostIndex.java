package dev.claudebottle.routes;

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
        int wildcards = 0;
        for (Route route : routes) {
            wildcards += route.host().isWildcard() ? 1 : 0;
        }
        // Sized once: growing a 10,000-entry map by doubling leaves every smaller table behind as garbage.
        Map<String, PortTable> exact = HashMap.newHashMap(routes.size() - wildcards);
        Map<String, PortTable> wildcard = HashMap.newHashMap(wildcards);
        for (Route route : routes) {
            HostPattern host = route.host();
            Map<String, PortTable> target = host.isWildcard() ? wildcard : exact;
            String key = host.isWildcard() ? host.suffix() : exactKey(host.pattern());
            PortTable existing = target.get(key);
            if (existing == null) {
                target.put(key, PortTable.of(route));
            } else {
                existing.plus(route);
            }
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
        return anyPort ? table.first() : table.forPort(port);
    }

    /**
     * The routes of one host pattern, one per port, in file order: a chain of one link per route (usually a
     * single link), so a host with one route costs one object here rather than a table and two arrays. Links are
     * only added while {@link HostIndex#build} runs, before the index is published through its final fields.
     */
    private static final class PortTable {
        private final int port;
        private final CompiledRoute route;
        private PortTable next;

        private PortTable(int port, CompiledRoute route) {
            this.port = port;
            this.route = route;
        }

        static PortTable of(Route route) {
            return new PortTable(route.port(), new CompiledRoute(route));
        }

        /** The first route, in file order. */
        CompiledRoute first() {
            return route;
        }

        /** Adds {@code added} at the end of the chain (this table, changed, is returned). */
        PortTable plus(Route added) {
            PortTable last = this;
            while (true) {
                if (last.port == added.port()) {
                    throw new IllegalArgumentException("routes[" + added.index() + "] covers the same host and port as "
                            + last.route.label());
                }
                if (last.next == null) {
                    break;
                }
                last = last.next;
            }
            last.next = new PortTable(added.port(), new CompiledRoute(added));
            return this;
        }

        CompiledRoute forPort(int wanted) {
            for (PortTable link = this; link != null; link = link.next) {
                if (link.port == wanted) {
                    return link.route;
                }
            }
            return null;
        }
    }
}
