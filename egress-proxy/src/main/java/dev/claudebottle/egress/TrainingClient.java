package dev.claudebottle.egress;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The agent side of the AOT training run ({@link AotTraining}): CONNECT through the proxy, TLS to the proxy's minted
 * leaf (trusting only the proxy's CA, host name checked), then HTTP/1.1 requests carrying a placeholder
 * {@code Authorization} that the proxy must overwrite. Every answer's status is checked, so a training run that did not
 * exercise the allowed, intercepted path fails instead of writing a cache of the wrong path.
 */
final class TrainingClient {
    static final String AGENT_AUTHORIZATION = "Bearer agent-placeholder";

    private final InetSocketAddress proxy;
    private final int upstreamPort;
    private final SSLContext tls;

    TrainingClient(InetSocketAddress proxy, int upstreamPort, Path proxyCa) throws Exception {
        this.proxy = proxy;
        this.upstreamPort = upstreamPort;
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("proxy-ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(proxyCa))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
    }

    /** One intercepted connection: {@code requests} GETs of {@code path} on it, each expected to answer 200. */
    int keepAlive(String path, int requests) throws IOException {
        try (SSLSocket socket = tunnel()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < requests; i++) {
                out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + upstreamPort + "\r\nAuthorization: "
                        + AGENT_AUTHORIZATION + "\r\nUser-Agent: egress-proxy-aot-training\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expect(in, 200);
            }
        }
        return requests;
    }

    /** A request the routes deny inside an intercepted connection (a path outside the allowlist): expects 403. */
    void deniedPath() throws IOException {
        try (SSLSocket socket = tunnel()) {
            socket.getOutputStream().write(("GET /not-allowed HTTP/1.1\r\nHost: localhost:" + upstreamPort + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            expect(new BufferedInputStream(socket.getInputStream()), 403);
        }
    }

    /** A plain-HTTP request for a host no route allows: expects 403 without any upstream. */
    void deniedPlainHost() throws IOException {
        try (Socket socket = new Socket(proxy.getAddress(), proxy.getPort())) {
            socket.getOutputStream().write("GET http://denied.invalid/ HTTP/1.1\r\nHost: denied.invalid\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            expect(new BufferedInputStream(socket.getInputStream()), 403);
        }
    }

    /**
     * A CONNECT to a host no route allows, closed without TLS: the proxy accepts every CONNECT (200) and decides each
     * request inside the tunnel, so this trains the CONNECT path and not the TLS one.
     */
    void connectOnly() throws IOException {
        try (Socket socket = new Socket(proxy.getAddress(), proxy.getPort())) {
            socket.getOutputStream().write("CONNECT denied.invalid:443 HTTP/1.1\r\nHost: denied.invalid:443\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String head = TrainingHttp.readHead(socket.getInputStream());
            if (head == null || TrainingHttp.status(head) != 200) {
                throw new IOException("CONNECT was answered " + head);
            }
        }
    }

    private SSLSocket tunnel() throws IOException {
        Socket raw = new Socket(proxy.getAddress(), proxy.getPort());
        try {
            raw.setTcpNoDelay(true);
            String authority = "localhost:" + upstreamPort;
            raw.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // read the CONNECT answer byte by byte: nothing of the TLS stream may be buffered away from the SSLSocket
            String head = TrainingHttp.readHead(raw.getInputStream());
            if (head == null || TrainingHttp.status(head) != 200) {
                throw new IOException("CONNECT " + authority + " was answered " + head);
            }
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, "localhost", upstreamPort, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static long expect(InputStream in, int status) throws IOException {
        String head = TrainingHttp.readHead(in);
        if (head == null || TrainingHttp.status(head) != status) {
            throw new IOException("expected " + status + ", got " + (head == null ? "end of stream" : head.lines().findFirst().orElse("")));
        }
        return TrainingHttp.skipBody(in, head);
    }
}
