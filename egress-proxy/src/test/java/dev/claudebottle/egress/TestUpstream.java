package dev.claudebottle.egress;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real upstream web server (the JDK's HttpServer/HttpsServer) for integration tests. Its TLS
 * certificate for {@code localhost} is issued by its own test CA, which the proxy only trusts
 * through {@code --upstream-ca}. Records the headers of every request it receives.
 *
 * <p>Paths: {@code /stream/N} sends N bytes chunked in 64 KiB pieces; {@code /upload} reads the
 * body and answers its length; {@code /slow/MS/N} sends N bytes over about MS milliseconds; anything else answers "hello".
 */
final class TestUpstream implements AutoCloseable {
    private final HttpServer server;
    private final CertificateAuthority ca;
    private final List<Headers> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> hits = new ConcurrentHashMap<>();

    private TestUpstream(HttpServer server, CertificateAuthority ca) {
        this.server = server;
        this.ca = ca;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static TestUpstream https() throws Exception {
        return https("localhost");
    }

    /** An HTTPS upstream on 127.0.0.1 whose certificate (from its own CA) names {@code leafName}. */
    static TestUpstream https(String leafName) throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("test upstream CA");
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(ca, leafName)));
        return new TestUpstream(server, ca);
    }

    /** A TLS server context presenting a {@code localhost} leaf issued by {@code ca}. */
    static SSLContext serverContext(CertificateAuthority ca) throws Exception {
        return serverContext(ca, "localhost");
    }

    private static SSLContext serverContext(CertificateAuthority ca, String leafName) throws Exception {
        KeyPair keys = CertificateAuthority.newKeyPair();
        X509Certificate leaf = ca.mintLeaf(leafName, keys.getPublic());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", keys.getPrivate(), new char[0], new Certificate[] {leaf, ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(store, new char[0]);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }

    static TestUpstream plain() throws IOException {
        return new TestUpstream(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256), null);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** PEM of the CA that issued this server's certificate. */
    String caPem() {
        return ca.certificatePem();
    }

    List<Headers> seen() {
        return seen;
    }

    Headers lastSeen() {
        return seen.get(seen.size() - 1);
    }

    /** Whether this upstream speaks TLS (and so has a CA to trust). */
    boolean tls() {
        return ca != null;
    }

    int hits(String path) {
        return hits.getOrDefault(path, 0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(exchange.getRequestHeaders());
        String path = exchange.getRequestURI().getRawPath();
        hits.merge(path, 1, Integer::sum);
        try (exchange) {
            if (path.startsWith("/stream/")) {
                long total = Long.parseLong(path.substring("/stream/".length()));
                exchange.sendResponseHeaders(200, 0);
                write(exchange.getResponseBody(), total, 0);
            } else if (path.startsWith("/slow/")) {
                String[] parts = path.split("/");
                long millis = Long.parseLong(parts[2]);
                long total = Long.parseLong(parts[3]);
                exchange.sendResponseHeaders(200, 0);
                write(exchange.getResponseBody(), total, millis);
            } else if (path.equals("/upload")) {
                long n = 0;
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] buf = new byte[65536];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        n += r;
                    }
                }
                byte[] body = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.getRequestBody().readAllBytes();
                byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static void write(OutputStream out, long total, long overMillis) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ('a' + i % 26);
        }
        long pieces = Math.max(1, (total + chunk.length - 1) / chunk.length);
        long sent = 0;
        while (sent < total) {
            int n = (int) Math.min(chunk.length, total - sent);
            out.write(chunk, 0, n);
            out.flush();
            sent += n;
            if (overMillis > 0) {
                try {
                    Thread.sleep(overMillis / pieces);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
