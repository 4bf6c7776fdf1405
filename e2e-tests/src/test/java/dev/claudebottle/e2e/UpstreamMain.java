package dev.claudebottle.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The test upstream of the Docker scenario, run in its own container on the bottle's egress network (the project's
 * jlink runtime has no jdk.httpserver, so this is a minimal HTTP/1.1 server over the JDK's TLS sockets).
 * Same paths as {@link TlsUpstream}: {@code /hello}, {@code /download/N} (second half held until a request to
 * {@code /release}, or 3 minutes).
 *
 * <p>{@code java -cp DIR dev.claudebottle.e2e.UpstreamMain KEYSTORE.p12 NAME PORT} (the keystore has an empty password).
 */
final class UpstreamMain {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private UpstreamMain() {}

    public static void main(String[] args) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            store.load(in, new char[0]);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        String name = args[1];
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(Integer.parseInt(args[2]))) {
            System.err.println("upstream " + name + " listening on " + server.getLocalPort());
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client, name));
            }
        }
    }

    private static void serve(Socket client, String name) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                // headers are not needed
            }
            if (requestLine == null) {
                return;
            }
            String path = requestLine.split(" ")[1];
            OutputStream out = client.getOutputStream();
            if (path.startsWith("/download/")) {
                byte[] body = DownloadBytes.of(Integer.parseInt(path.substring("/download/".length())));
                head(out, body.length);
                int half = body.length / 2;
                out.write(body, 0, half);
                out.flush();
                RELEASE.await(3, TimeUnit.MINUTES);
                out.write(body, half, body.length - half);
            } else {
                if (path.equals("/release")) {
                    RELEASE.countDown();
                }
                byte[] body = ("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8);
                head(out, body.length);
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            System.err.println("upstream: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void head(OutputStream out, int length) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
