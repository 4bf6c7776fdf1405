package dev.claudebottle.benchmarks.proxyload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.claudebottle.egress.CertificateAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The fallback {@link Upstream} when nginx is absent (and the one the in-JVM tests use): a JDK HTTPS server on 127.0.0.1
 * in the harness's JVM. {@code /large/N} is Content-Length framed, written in 64 KiB pieces.
 */
final class BenchUpstream implements Upstream {
    private static final byte[] SMALL = "x".repeat(SMALL_BYTES).getBytes();
    private static final byte[] PIECE = new byte[64 * 1024];

    private final HttpsServer server;
    private final CertificateAuthority ca;

    BenchUpstream() throws Exception {
        // the JDK server closes idle connections beyond 200 by default; the idle-connection workload holds 1000
        System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        System.setProperty("sun.net.httpserver.idleInterval", "600");
        ca = CertificateAuthority.generate("benchmark upstream CA");
        KeyPair keys = CertificateAuthority.newKeyPair();
        X509Certificate leaf = ca.mintLeaf("localhost", keys.getPublic());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", keys.getPrivate(), new char[0], new Certificate[] {leaf, ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(store, new char[0]);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public String caPem() {
        return ca.certificatePem();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    || exchange.getRequestHeaders().get("Authorization").size() != 1) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (path.startsWith("/large/")) {
                long total = Long.parseLong(path.substring(7));
                exchange.sendResponseHeaders(200, total);
                OutputStream out = exchange.getResponseBody();
                for (long sent = 0; sent < total; ) {
                    int n = (int) Math.min(PIECE.length, total - sent);
                    out.write(PIECE, 0, n);
                    sent += n;
                }
            } else {
                exchange.sendResponseHeaders(200, SMALL.length);
                exchange.getResponseBody().write(SMALL);
            }
        }
    }

    @Override
    public String description() {
        return "JDK HttpsServer in the harness JVM";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
