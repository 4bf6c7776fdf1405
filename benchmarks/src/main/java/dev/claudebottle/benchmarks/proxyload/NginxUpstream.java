package dev.claudebottle.benchmarks.proxyload;

import dev.claudebottle.egress.CertificateAuthority;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Upstream} the harness prefers: Debian's nginx ({@code /usr/sbin/nginx}, nginx-light is enough) run
 * unprivileged (as {@code nobody} when the harness is root) with its own prefix and configuration under a temporary directory, TLS with an EC P-256 leaf for
 * {@code localhost} minted by a fresh benchmark CA. It runs as <em>one</em> process ({@code master_process off},
 * {@code daemon off}): on a 2-core machine that caps the upstream at one core, so it never takes both cores from the
 * proxy it is serving, and the harness holds that single process's id to stop it. {@code /small} and
 * {@code /large/<bytes>} are static files (the large ones sparse, so they cost no disk); anything else is 404.
 */
final class NginxUpstream implements Upstream {
    static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final int port;
    private final String caPem;
    private final String version;

    private NginxUpstream(Process process, int port, String caPem, String version) {
        this.process = process;
        this.port = port;
        this.caPem = caPem;
        this.version = version;
    }

    /** Whether nginx is installed here. */
    static boolean available() {
        return Files.isExecutable(NGINX);
    }

    /** Starts nginx under {@code dir} serving {@code /small} and one {@code /large/<bytes>} file per size given. */
    static NginxUpstream start(Path dir, long... largeSizes) throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Path html = Files.createDirectories(dir.resolve("html/large"));
        Files.writeString(html.getParent().resolve("small"), "x".repeat(SMALL_BYTES));
        for (long size : largeSizes) {
            try (RandomAccessFile f = new RandomAccessFile(html.resolve(Long.toString(size)).toFile(), "rw")) {
                f.setLength(size);
            }
        }
        CertificateAuthority ca = CertificateAuthority.generate("benchmark upstream CA");
        KeyPair keys = CertificateAuthority.newKeyPair();
        Files.writeString(dir.resolve("leaf.pem"), CertificateAuthority.pem(ca.mintLeaf("localhost", keys.getPublic()))
                + ca.certificatePem());
        Files.writeString(dir.resolve("leaf.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("nginx.conf"), config(dir, port));
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // never as root: nobody owns the directory and setpriv drops to it before exec (the same process id)
            run(List.of("chown", "-R", "nobody:nogroup", dir.toString()));
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        command.addAll(List.of(NGINX.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-e",
                dir.resolve("logs/error.log").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx exited " + p.exitValue() + ": " + Files.readString(dir.resolve("nginx.out")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new NginxUpstream(p, port, ca.certificatePem(), version());
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("nginx did not listen on " + port + " within 30 s");
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * The configuration: 401 unless {@code Authorization} is exactly {@code Bearer TOKEN} (nginx itself rejects a request
     * with two {@code Authorization} lines with 400), keep-alive without a request limit, no access log, every temporary
     * path inside {@code dir} (the compiled-in ones are under /var/lib/nginx, not writable unprivileged).
     */
    static String config(Path dir, int port) {
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                worker_rlimit_nofile 16384;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 8192; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    default_type application/octet-stream;
                    sendfile on;
                    keepalive_requests 100000000;
                    keepalive_timeout 600s;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        server_name localhost;
                        ssl_certificate %1$s/leaf.pem;
                        ssl_certificate_key %1$s/leaf.key;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        root %1$s/html;
                        if ($http_authorization != "Bearer %3$s") { return 401; }
                        location = /small { }
                        location /large/ { }
                        location / { return 404; }
                    }
                }
                """.formatted(dir, port, TOKEN);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder(NGINX.toString(), "-v").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return text.replace("nginx version: ", "");
        } catch (IOException | InterruptedException e) {
            return "nginx";
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String caPem() {
        return caPem;
    }

    @Override
    public String description() {
        return version + " (one process: master_process off), TLS 1.2/1.3, EC P-256 certificate for localhost, static files";
    }

    /** The nginx process id, for its CPU. */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
