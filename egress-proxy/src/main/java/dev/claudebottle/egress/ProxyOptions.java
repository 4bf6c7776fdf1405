package dev.claudebottle.egress;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The egress-proxy command line, validated: where the routes file is, where to listen, where the
 * CA and secrets live, where status and decisions go, and the limits.
 *
 * @param routes the routes file; null in Kubernetes mode (and only then)
 * @param decisionLog empty = decisions go to standard output
 * @param proxyAuthFile holds {@code USER:PASSWORD}; when present, clients must send it as {@code Proxy-Authorization: Basic}
 * @param kubernetes present = Kubernetes mode: routes from and status to ConfigMaps instead of {@code routes}/{@code status}
 */
public record ProxyOptions(
        Path routes,
        InetSocketAddress listen,
        Path caDir,
        Optional<Path> secretsDir,
        Optional<Path> status,
        List<Path> upstreamCas,
        Optional<Path> decisionLog,
        Limits limits,
        Optional<Path> proxyAuthFile,
        boolean secretsFromStdin,
        Optional<KubernetesConfigMaps> kubernetes) {

    public ProxyOptions {
        if (listen == null || caDir == null || limits == null || proxyAuthFile == null || kubernetes == null) {
            throw new IllegalArgumentException("listen, ca-dir and limits are required");
        }
        if (kubernetes.isPresent() ? routes != null || status.isPresent() : routes == null) {
            throw new IllegalArgumentException("the routes come either from a file (--routes, --status) or from Kubernetes"
                    + " (--routes-from-kubernetes, --status-to-kubernetes), never both");
        }
        upstreamCas = List.copyOf(upstreamCas);
    }

    /** File-mode options. */
    public ProxyOptions(Path routes, InetSocketAddress listen, Path caDir, Optional<Path> secretsDir, Optional<Path> status,
            List<Path> upstreamCas, Optional<Path> decisionLog, Limits limits, Optional<Path> proxyAuthFile,
            boolean secretsFromStdin) {
        this(routes, listen, caDir, secretsDir, status, upstreamCas, decisionLog, limits, proxyAuthFile, secretsFromStdin,
                Optional.empty());
    }

    /**
     * The Kubernetes mode's two ConfigMaps in the pod's namespace: the routes (data {@code routes.yaml}, watched) and the
     * status (data {@code status.json} and {@code ca.pem}, written by the proxy).
     */
    public record KubernetesConfigMaps(String routes, String status) {
        private static final java.util.regex.Pattern NAME =
                java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

        public KubernetesConfigMaps {
            for (String name : new String[] {routes, status}) {
                if (name == null || !NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + name + "' is not a ConfigMap name (lower-case letters, digits,"
                            + " '-' and '.', at most 253)");
                }
            }
            if (routes.equals(status)) {
                throw new IllegalArgumentException("the routes and the status need two different ConfigMaps, got '" + routes
                        + "' for both");
            }
        }
    }

    /** Options without a proxy credential and without {@code --secrets-stdin}. */
    public ProxyOptions(Path routes, InetSocketAddress listen, Path caDir, Optional<Path> secretsDir, Optional<Path> status,
            List<Path> upstreamCas, Optional<Path> decisionLog, Limits limits) {
        this(routes, listen, caDir, secretsDir, status, upstreamCas, decisionLog, limits, Optional.empty(), false);
    }

    /** Options with a proxy credential file (or none), without {@code --secrets-stdin}. */
    public ProxyOptions(Path routes, InetSocketAddress listen, Path caDir, Optional<Path> secretsDir, Optional<Path> status,
            List<Path> upstreamCas, Optional<Path> decisionLog, Limits limits, Optional<Path> proxyAuthFile) {
        this(routes, listen, caDir, secretsDir, status, upstreamCas, decisionLog, limits, proxyAuthFile, false);
    }

    /** Options without a proxy credential, secrets from standard input or not. */
    public ProxyOptions(Path routes, InetSocketAddress listen, Path caDir, Optional<Path> secretsDir, Optional<Path> status,
            List<Path> upstreamCas, Optional<Path> decisionLog, Limits limits, boolean secretsFromStdin) {
        this(routes, listen, caDir, secretsDir, status, upstreamCas, decisionLog, limits, Optional.empty(), secretsFromStdin);
    }

    /** Every limit the proxy enforces, each with a clear response when hit. */
    public record Limits(
            int maxHeaderBytes,
            int maxInitialLineBytes,
            int maxConnections,
            Duration idleTimeout,
            Duration connectTimeout,
            Duration drainTimeout,
            Duration headerTimeout) {
        /** The default request-head deadline: a whole request head within this long, else 408. */
        public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

        public Limits(int maxHeaderBytes, int maxInitialLineBytes, int maxConnections, Duration idleTimeout,
                Duration connectTimeout, Duration drainTimeout) {
            this(maxHeaderBytes, maxInitialLineBytes, maxConnections, idleTimeout, connectTimeout, drainTimeout,
                    DEFAULT_HEADER_TIMEOUT);
        }

        public Limits {
            if (maxHeaderBytes < 1024 || maxInitialLineBytes < 256 || maxConnections < 1) {
                throw new IllegalArgumentException("limits too small: headers >= 1024 bytes, request line >= 256, connections >= 1");
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()
                    || drainTimeout.isNegative() || headerTimeout.isNegative() || headerTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }

        public static Limits defaults() {
            return new Limits(64 * 1024, 16 * 1024, 1024, Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
        }
    }

    public static final String USAGE = """
            usage: egress-proxy --routes FILE --listen HOST:PORT [--ca-dir D] [--secrets-dir D] [--secrets-stdin]
                                [--status FILE]
                   egress-proxy --routes-from-kubernetes CONFIGMAP --status-to-kubernetes CONFIGMAP --listen HOST:PORT ...
                                [--upstream-ca FILE]... [--decision-log FILE] [--proxy-auth-file FILE]
                                [--max-header-bytes N] [--max-connections N] [--idle-timeout SECONDS]
                                [--connect-timeout SECONDS] [--drain-timeout SECONDS] [--header-timeout SECONDS]
              --routes FILE          routes.yaml; reloaded on SIGHUP; missing or invalid at start-up = deny all
              --listen HOST:PORT     address to accept proxy clients on (port 0 = any free port)
              --ca-dir D             holds ca.pem (what bottles trust) and ca.key (mode 0600); created on first start
                                     (default ./egress-proxy-ca)
              --secrets-dir D        one file per secret name (the proxy's environment is never read for secrets)
              --secrets-stdin        read NAME=VALUE lines from standard input up to its end, once, at start
              --status FILE          JSON status: generation, sha256, loaded_at, last_error, missing_secrets, ...
              --routes-from-kubernetes CONFIGMAP
                                     Kubernetes mode (inside a pod): routes = data routes.yaml of this ConfigMap in
                                     the pod's namespace, watched (SIGHUP re-reads it); instead of --routes
              --status-to-kubernetes CONFIGMAP
                                     Kubernetes mode: status.json and ca.pem written into this ConfigMap after every
                                     load attempt; instead of --status; both Kubernetes options or neither
              --upstream-ca FILE     extra PEM roots trusted for upstream servers (repeatable; for tests)
              --decision-log FILE    one JSON line per decision (default: standard output)
              --proxy-auth-file FILE USER:PASSWORD; every request (CONNECT, plain HTTP) must then carry it as
                                     Proxy-Authorization: Basic, else 407 (read once, at start-up)
              --max-header-bytes N   request header block limit (default 65536; over it: 431)
              --max-connections N    concurrent client connections (default 1024; over it: 503)
              --idle-timeout S       close connections idle this long (default 300)
              --connect-timeout S    upstream connect + TLS handshake limit (default 10; over it: 504)
              --drain-timeout S      on SIGTERM, wait this long for in-flight requests (default 30)
              --header-timeout S     a request head must arrive whole within S of its first byte (default 10; else 408)
            """;

    /** What the command line says: options to run with, a request for help, or a usage error. */
    public sealed interface Parsed {
        record Run(ProxyOptions options) implements Parsed {}

        record Help() implements Parsed {}

        record UsageError(String message) implements Parsed {}
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of("--routes", "--listen", "--ca-dir", "--secrets-dir",
            "--status", "--upstream-ca", "--decision-log", "--proxy-auth-file", "--max-header-bytes", "--max-connections",
            "--idle-timeout", "--connect-timeout", "--drain-timeout", "--header-timeout", "--routes-from-kubernetes",
            "--status-to-kubernetes");

    public static Parsed parse(String... args) {
        Path routes = null;
        InetSocketAddress listen = null;
        Path caDir = Path.of("egress-proxy-ca");
        Path secretsDir = null;
        boolean secretsFromStdin = false;
        Path status = null;
        Path decisionLog = null;
        Path proxyAuthFile = null;
        String routesConfigMap = null;
        String statusConfigMap = null;
        List<Path> upstreamCas = new ArrayList<>();
        Limits d = Limits.defaults();
        int maxHeader = d.maxHeaderBytes();
        int maxConnections = d.maxConnections();
        long idle = d.idleTimeout().toSeconds();
        long connect = d.connectTimeout().toSeconds();
        long drain = d.drainTimeout().toSeconds();
        long header = d.headerTimeout().toSeconds();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return new Parsed.Help();
            }
            if (name.equals("--secrets-stdin")) {
                secretsFromStdin = true;
                continue;
            }
            boolean inline = name.startsWith("--") && name.indexOf('=') > 0;
            String value = inline ? name.substring(name.indexOf('=') + 1) : null;
            name = inline ? name.substring(0, name.indexOf('=')) : name;
            if (!KNOWN.contains(name)) {
                return new Parsed.UsageError(name.startsWith("-") ? "unknown option: " + name : "unexpected argument: " + name);
            }
            if (!inline) {
                if (i + 1 >= args.length) {
                    return new Parsed.UsageError(name + " needs a value");
                }
                value = args[++i];
            }
            try {
                switch (name) {
                    case "--routes" -> routes = Path.of(value);
                    case "--listen" -> listen = parseListen(value);
                    case "--ca-dir" -> caDir = Path.of(value);
                    case "--secrets-dir" -> secretsDir = Path.of(value);
                    case "--status" -> status = Path.of(value);
                    case "--upstream-ca" -> upstreamCas.add(Path.of(value));
                    case "--decision-log" -> decisionLog = value.equals("-") ? null : Path.of(value);
                    case "--proxy-auth-file" -> proxyAuthFile = Path.of(value);
                    case "--routes-from-kubernetes" -> routesConfigMap = value;
                    case "--status-to-kubernetes" -> statusConfigMap = value;
                    case "--max-header-bytes" -> maxHeader = Integer.parseInt(value);
                    case "--max-connections" -> maxConnections = Integer.parseInt(value);
                    case "--idle-timeout" -> idle = Long.parseLong(value);
                    case "--connect-timeout" -> connect = Long.parseLong(value);
                    case "--drain-timeout" -> drain = Long.parseLong(value);
                    case "--header-timeout" -> header = Long.parseLong(value);
                    default -> {
                        return new Parsed.UsageError("unknown option: " + name);
                    }
                }
            } catch (NumberFormatException e) {
                return new Parsed.UsageError(name + " needs a whole number, got '" + value + "'");
            } catch (IllegalArgumentException e) {
                return new Parsed.UsageError(name + ": " + e.getMessage());
            }
        }
        Optional<KubernetesConfigMaps> kubernetes = Optional.empty();
        if (routesConfigMap != null || statusConfigMap != null) {
            if (routesConfigMap == null || statusConfigMap == null) {
                return new Parsed.UsageError("--routes-from-kubernetes and --status-to-kubernetes go together: give both or neither");
            }
            if (routes != null || status != null) {
                return new Parsed.UsageError("--routes-from-kubernetes/--status-to-kubernetes replace --routes and --status:"
                        + " give one mode, not both");
            }
            try {
                kubernetes = Optional.of(new KubernetesConfigMaps(routesConfigMap, statusConfigMap));
            } catch (IllegalArgumentException e) {
                return new Parsed.UsageError("--routes-from-kubernetes/--status-to-kubernetes: " + e.getMessage());
            }
        } else if (routes == null) {
            return new Parsed.UsageError("--routes FILE is required (or --routes-from-kubernetes and --status-to-kubernetes)");
        }
        if (listen == null) {
            return new Parsed.UsageError("--listen HOST:PORT is required");
        }
        try {
            Limits limits = new Limits(maxHeader, d.maxInitialLineBytes(), maxConnections,
                    Duration.ofSeconds(idle), Duration.ofSeconds(connect), Duration.ofSeconds(drain), Duration.ofSeconds(header));
            return new Parsed.Run(new ProxyOptions(routes, listen, caDir, Optional.ofNullable(secretsDir),
                    Optional.ofNullable(status), upstreamCas, Optional.ofNullable(decisionLog), limits,
                    Optional.ofNullable(proxyAuthFile), secretsFromStdin, kubernetes));
        } catch (IllegalArgumentException e) {
            return new Parsed.UsageError(e.getMessage());
        }
    }

    static InetSocketAddress parseListen(String value) {
        Authority authority = Authority.parse(value)
                .orElseThrow(() -> new IllegalArgumentException("expected HOST:PORT, got '" + value + "'"));
        return new InetSocketAddress(authority.host(), authority.port());
    }
}
