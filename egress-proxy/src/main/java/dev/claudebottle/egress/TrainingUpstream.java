package dev.claudebottle.egress;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The upstream of the AOT training run ({@link AotTraining}): an HTTPS/1.1 server on 127.0.0.1 with a certificate for
 * {@code localhost} from its own throw-away CA. {@code GET /small} answers a few bytes and {@code GET /large} a
 * {@value #LARGE_BYTES}-byte body, both only when {@code Authorization} is exactly the token the proxy injects (401
 * otherwise, so a run in which the proxy did not inject fails). Keep-alive; one virtual thread per connection.
 */
final class TrainingUpstream implements AutoCloseable {
    static final int LARGE_BYTES = 8 << 20;
    private static final byte[] SMALL_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final CertificateAuthority ca = CertificateAuthority.generate("egress-proxy AOT training upstream CA");
    private final String expectedAuthorization;
    private final SSLServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    TrainingUpstream(String expectedAuthorization) throws Exception {
        this.expectedAuthorization = expectedAuthorization;
        KeyPair keys = CertificateAuthority.newKeyPair();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", keys.getPrivate(), new char[0],
                new Certificate[] {ca.mintLeaf("localhost", keys.getPublic()), ca.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 128, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The PEM of the CA the proxy must trust for this upstream ({@code --upstream-ca}). */
    String caPem() {
        return ca.certificatePem();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                threads.submit(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String head;
            while ((head = TrainingHttp.readHead(in)) != null) {
                String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                if (!head.contains("\r\nAuthorization: " + expectedAuthorization + "\r\n")) {
                    out.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (path.equals("/large")) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + LARGE_BYTES
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 << 10];
                    for (int sent = 0; sent < LARGE_BYTES; sent += chunk.length) {
                        out.write(chunk);
                    }
                } else {
                    out.write(SMALL_RESPONSE);
                }
                out.flush();
            }
        } catch (IOException e) {
            // the proxy closed the connection: nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
