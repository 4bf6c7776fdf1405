package dev.claudebottle.benchmarks.proxyload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Squid with ssl-bump (Debian's squid-openssl) configured as egress-proxy's peer: it bumps every
 * CONNECT (peek at step 1, then bump), verifies the upstream against the benchmark CA, allows only
 * GET to localhost:PORT on {@code /small} and {@code /large/<one segment>} (CONNECT to that host and
 * port is allowed by its own rule, since CONNECT carries no path), overwrites {@code Authorization}
 * with the injected token, caches nothing, and writes an access log (as egress-proxy writes its
 * decision log).
 */
record SquidBump(Process process, int port, Path caPem) {
    static final Path SQUID = Path.of("/usr/sbin/squid");
    private static final Path CERTGEN = Path.of("/usr/lib/squid/security_file_certgen");

    static SquidBump start(Path dir, int upstreamPort, Path upstreamCa, String token) throws Exception {
        if (!Files.isExecutable(SQUID) || !Files.isExecutable(CERTGEN)) {
            throw new IllegalStateException("squid with ssl-bump not found; install Debian's squid-openssl package first");
        }
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.pem");
        run(List.of("openssl", "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-days", "7", "-subj", "/CN=benchmark squid CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", dir.resolve("ca.key").toString(), "-out",
                ca.toString()), dir);
        Path sslDb = dir.resolve("ssl_db");
        run(List.of(CERTGEN.toString(), "-c", "-s", sslDb.toString(), "-M", "16MB"), dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path conf = dir.resolve("squid.conf");
        Files.writeString(conf, """
                http_port 127.0.0.1:%1$d ssl-bump tls-cert=%2$s tls-key=%3$s generate-host-certificates=on dynamic_cert_mem_cache_size=16MB
                sslcrtd_program %4$s -s %5$s -M 16MB
                sslcrtd_children 4 startup=1 idle=1
                acl step1 at_step SslBump1
                ssl_bump peek step1
                ssl_bump bump all
                tls_outgoing_options cafile=%6$s
                acl bench_host dstdomain localhost
                acl bench_port port %7$d
                acl bench_path urlpath_regex ^/small$ ^/large/[^/]*$
                acl bench_get method GET
                acl bench_connect method CONNECT
                http_access allow bench_connect bench_host bench_port
                http_access allow bench_get bench_host bench_port bench_path
                http_access deny all
                request_header_access Authorization deny all
                request_header_replace Authorization Bearer %8$s
                cache deny all
                cache_mem 0 MB
                access_log stdio:%9$s/access.log
                cache_log %9$s/cache.log
                pid_filename %9$s/squid.pid
                coredump_dir %9$s
                max_filedescriptors 8192
                shutdown_lifetime 1 seconds
                %10$s
                """.formatted(port, ca, dir.resolve("ca.key"), CERTGEN, sslDb, upstreamCa, upstreamPort, token, dir,
                root ? "cache_effective_user proxy" : ""));
        if (root) {
            run(List.of("chown", "-R", "proxy:proxy", dir.toString()), dir);
        }
        Process p = new ProcessBuilder(SQUID.toString(), "-N", "-f", conf.toString())
                .redirectOutput(dir.resolve("squid.out").toFile()).redirectError(dir.resolve("squid.err").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("squid exited " + p.exitValue() + ": " + Files.readString(dir.resolve("squid.err"))
                        + (Files.exists(dir.resolve("cache.log")) ? Files.readString(dir.resolve("cache.log")) : ""));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new SquidBump(p, port, ca);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("squid did not listen on " + port + " within 60 s");
                }
                Thread.sleep(20);
            }
        }
    }

    private static void run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("setup.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("setup.log")));
        }
    }
}
