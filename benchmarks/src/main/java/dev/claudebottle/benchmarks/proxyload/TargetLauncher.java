package dev.claudebottle.benchmarks.proxyload;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Starts the targets, each in its own directory: egress-proxy ({@code bin/egress-proxy}), Squid with ssl-bump
 * ({@link SquidBump}), mitmdump (with an equivalent allowlist + credential-injection addon) or direct. Installs nothing:
 * it fails when a peer or the built proxy is missing. Every process it starts is stopped by {@link #stopAll} and, should
 * the harness be interrupted, by a shutdown hook.
 */
final class TargetLauncher {
    private final Path repo;
    private final int upstreamPort;
    private final Path upstreamCa;
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    /** A started target and the directory holding its files (egress-proxy's routes.yaml and status.json live there). */
    record Launched(Target target, Path dir, Process process) {}

    TargetLauncher(Path repo, int upstreamPort, Path upstreamCa) {
        this.repo = repo;
        this.upstreamPort = upstreamPort;
        this.upstreamCa = upstreamCa;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroy)));
    }

    Launched start(String name, Path dir) throws Exception {
        Files.createDirectories(dir);
        return switch (name) {
            case "egress-proxy" -> {
                Process p = startEgressProxy(dir);
                Path ca = dir.resolve("ca/ca.pem");
                yield new Launched(new Target(name, OptionalInt.of(port(dir.resolve("ours.port"))), trusting(ca), both(ca), p.pid()), dir,
                        p);
            }
            case "squid" -> {
                SquidBump squid = SquidBump.start(dir, upstreamPort, upstreamCa, Upstream.TOKEN);
                processes.add(squid.process());
                yield new Launched(new Target(name, OptionalInt.of(squid.port()), trusting(squid.caPem()), both(squid.caPem()),
                        squid.process().pid()), dir, squid.process());
            }
            case "mitmdump" -> {
                Process p = startMitmdump(dir);
                Path ca = dir.resolve("mitm/mitmproxy-ca-cert.pem");
                yield new Launched(new Target(name, OptionalInt.of(port(dir.resolve("mitm.port"))), trusting(ca), both(ca), p.pid()), dir,
                        p);
            }
            case "direct" -> new Launched(Target.direct(trusting(upstreamCa), upstreamCa.toString()), dir, null);
            default -> throw new IllegalArgumentException("unknown target " + name);
        };
    }

    /** Stops one started target (nothing for direct). */
    void stop(Launched launched) throws InterruptedException {
        if (launched.process() != null) {
            stop(launched.process());
            processes.remove(launched.process());
        }
    }

    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            stop(p);
        }
        processes.clear();
    }

    /** The Go client trusts the upstream's CA and the proxy's, as the issue's client did. */
    private String both(Path proxyCa) {
        return upstreamCa + "," + proxyCa;
    }

    /** egress-proxy's routes for the benchmark: GET /small and /large/* on the upstream, the token injected. */
    static String benchRoutes(int upstreamPort) {
        return """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/small, /large/*]
                    methods: [GET]
                    auth: {header: Authorization, secret: BENCH_TOKEN, prefix: "Bearer "}
                """.formatted(upstreamPort);
    }

    private Process startEgressProxy(Path dir) throws Exception {
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, benchRoutes(upstreamPort));
        int port = freePort();
        Files.writeString(dir.resolve("ours.port"), Integer.toString(port));
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("bin/egress-proxy").toString(), "--routes", routes.toString(),
                "--listen", "127.0.0.1:" + port, "--ca-dir", dir.resolve("ca").toString(), "--status",
                dir.resolve("status.json").toString(), "--upstream-ca", upstreamCa.toString(), "--decision-log",
                dir.resolve("decisions.jsonl").toString(), "--max-connections", "4096", "--secrets-stdin")
                .redirectOutput(dir.resolve("ours.out").toFile()).redirectError(dir.resolve("ours.err").toFile());
        Process p = pb.start();
        processes.add(p);
        // the token is handed over on standard input, as the bottle gateways do (never in the environment)
        try (var stdin = p.getOutputStream()) {
            stdin.write(("BENCH_TOKEN=" + Upstream.TOKEN + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        awaitPort(p, port, dir.resolve("ours.err"), 10);
        return p;
    }

    private Process startMitmdump(Path dir) throws Exception {
        Path mitmdump = Path.of("/usr/bin/mitmdump");
        if (!Files.isExecutable(mitmdump)) {
            throw new IllegalStateException("mitmdump not found; install Debian's mitmproxy package (apt-get install mitmproxy) first");
        }
        int port = freePort();
        Files.writeString(dir.resolve("mitm.port"), Integer.toString(port));
        Path confdir = Files.createDirectories(dir.resolve("mitm"));
        ProcessBuilder pb = new ProcessBuilder(mitmdump.toString(), "-q", "--listen-host", "127.0.0.1", "--listen-port",
                Integer.toString(port), "--set", "confdir=" + confdir, "--set", "ssl_verify_upstream_trusted_ca=" + upstreamCa,
                "--set", "stream_large_bodies=1m", "-s", repo.resolve("benchmarks/proxy-load/mitm_allowlist.py").toString())
                .redirectOutput(dir.resolve("mitm.out").toFile()).redirectError(dir.resolve("mitm.err").toFile());
        pb.environment().put("BENCH_TOKEN", Upstream.TOKEN);
        pb.environment().put("BENCH_UPSTREAM_PORT", Integer.toString(upstreamPort));
        Process p = pb.start();
        processes.add(p);
        awaitPort(p, port, dir.resolve("mitm.err"), 100);
        return p;
    }

    private static void awaitPort(Process p, int port, Path log, long pollMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("proxy exited " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(pollMillis);
            }
        }
        throw new IllegalStateException("proxy did not listen on " + port + " within 60 s");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int port(Path file) throws IOException {
        return Integer.parseInt(Files.readString(file).trim());
    }

    /** The Java client's trust: the certificates in {@code pem} (waiting up to 10 s for a proxy to write it). */
    static SSLContext trusting(Path pem) throws Exception {
        for (int i = 0; i < 100 && !Files.exists(pem); i++) {
            Thread.sleep(100);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + n++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        // a fresh client session cache per target, and none reused across "new connection" requests
        ssl.getClientSessionContext().setSessionCacheSize(1);
        ssl.getClientSessionContext().setSessionTimeout(1);
        return ssl;
    }
}
