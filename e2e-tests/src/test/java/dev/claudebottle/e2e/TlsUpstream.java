package dev.claudebottle.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.claudebottle.egress.CertificateAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test upstream: a real HTTPS server (the JDK's HttpsServer) on 127.0.0.1 whose certificate for {@code name}
 * is issued by the test CA, which egress-proxy trusts only through {@code bottle up --upstream-ca}.
 *
 * <p>{@code /hello} answers {@code hello from NAME}. {@code /download/N} sends N deterministic bytes: the first
 * half at once, the rest only after {@link #releaseDownloads()}, so a download is provably in flight across
 * whatever the test does meanwhile (a routes reload).
 */
final class TlsUpstream implements AutoCloseable {
    private static final int CHUNK = 16 * 1024;

    private final String name;
    private final HttpsServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    private TlsUpstream(String name, HttpsServer server) {
        this.name = name;
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Starts a server on a free port of 127.0.0.1 presenting a leaf for {@code name} (a DNS name or an IP literal). */
    static TlsUpstream start(CertificateAuthority ca, String name) throws Exception {
        return start(ca, name, "127.0.0.1");
    }

    /** As {@link #start(CertificateAuthority, String)}, listening on {@code address} of this machine. */
    static TlsUpstream start(CertificateAuthority ca, String name, String address) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(ca, name)));
        return new TlsUpstream(name, server);
    }

    private static SSLContext serverContext(CertificateAuthority ca, String name) throws Exception {
        KeyPair keys = CertificateAuthority.newKeyPair();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", keys.getPrivate(), new char[0],
                new Certificate[] {ca.mintLeaf(name, keys.getPublic()), ca.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        return tls;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "https://" + name + ":" + port() + path;
    }

    /** Lets every held download send its second half. */
    void releaseDownloads() {
        release.countDown();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/download/")) {
                byte[] body = DownloadBytes.of(Integer.parseInt(path.substring("/download/".length())));
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                int half = body.length / 2;
                write(out, body, 0, half);
                if (!release.await(3, TimeUnit.MINUTES)) {
                    throw new IOException("the test never released the download");
                }
                write(out, body, half, body.length);
            } else {
                byte[] body = ("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, byte[] body, int from, int to) throws IOException {
        for (int at = from; at < to; at += CHUNK) {
            out.write(body, at, Math.min(CHUNK, to - at));
            out.flush();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
