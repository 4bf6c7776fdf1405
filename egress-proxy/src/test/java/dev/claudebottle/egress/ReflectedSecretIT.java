package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An allowed upstream that echoes the request's headers back in its response headers (debug
 * endpoints, redirects carrying a token, cookies, challenges) must not hand the agent the
 * credential the proxy injected: the agent never sees a secret.
 */
class ReflectedSecretIT {
    private static final String SECRET = "ghp_reflected0123456789abcdefSECRET";

    @TempDir
    Path dir;

    /** A raw TLS server answering every request with its Authorization value copied into many response headers. */
    static final class EchoingUpstream implements AutoCloseable {
        final CertificateAuthority ca = CertificateAuthority.generate("echoing upstream CA");
        final SSLServerSocket server;
        final List<String> received = new CopyOnWriteArrayList<>();

        EchoingUpstream() throws Exception {
            server = (SSLServerSocket) TestUpstream.serverContext(ca).getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = RawTunnel.readHead(in);
                    received.add(head);
                    String auth = head.lines().filter(l -> l.toLowerCase().startsWith("authorization:"))
                            .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("none");
                    String token = auth.substring(auth.lastIndexOf(' ') + 1);
                    String response = "HTTP/1.1 302 Found\r\n"
                            + "X-Echo-Authorization: " + auth + "\r\n"
                            + "Location: https://elsewhere.example/callback?access_token=" + token + "&x=1\r\n"
                            + "Set-Cookie: session=" + token + "; Path=/\r\n"
                            + "WWW-Authenticate: Bearer realm=\"" + token + "\"\r\n"
                            + "X-" + token + ": header-name-too\r\n"
                            + "Transfer-Encoding: chunked\r\nTrailer: X-Echo-Trailer\r\n\r\n"
                            + "2\r\nok\r\n0\r\nX-Echo-Trailer: " + auth + "\r\n\r\n";
                    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException ignored) {
                // the proxy closed the connection
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void anUpstreamReflectingTheInjectedCredentialInResponseHeadersOrTrailersNeverHandsItToTheAgent() throws Exception {
        try (EchoingUpstream upstream = new EchoingUpstream();
                ProxyHarness proxy = ProxyHarness.start(dir, """
                        routes:
                          - host: localhost
                            port: %d
                            allow_private: true
                            auth:
                              header: Authorization
                              secret: TOKEN
                              prefix: "Bearer "
                        """.formatted(upstream.port()), Map.of("TOKEN", SECRET), List.of(upstream.ca.certificatePem()));
                RawTunnel tunnel = RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost",
                        proxy.trustingProxyCa())) {
            for (int i = 0; i < 2; i++) { // a fresh upstream connection, then the kept-alive one
                tunnel.send("GET /debug/headers HTTP/1.1\r\nHost: localhost:" + upstream.port() + "\r\n\r\n");
                String response = readChunked(tunnel);
                assertThat(response).startsWith("HTTP/1.1 302").contains("ok");
                assertThat(response).doesNotContain(SECRET);
                assertThat(response).contains("X-Echo-Authorization: Bearer [redacted by egress-proxy]")
                        .contains("access_token=[redacted by egress-proxy]&x=1");
            }
            assertThat(upstream.received).hasSize(2).allSatisfy(head -> assertThat(head).contains("Bearer " + SECRET));
            assertThat(proxy.everythingWritten()).doesNotContain(SECRET);
        }
    }

    /** Reads one chunked response, head, chunks and trailers, as the bytes the client receives. */
    private static String readChunked(RawTunnel tunnel) throws IOException {
        InputStream in = tunnel.input();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(RawTunnel.readHead(in).getBytes(StandardCharsets.ISO_8859_1));
        while (true) {
            String size = line(in);
            all.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int n = Integer.parseInt(size.strip(), 16);
            if (n == 0) {
                break;
            }
            all.writeBytes(in.readNBytes(n + 2));
        }
        for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
            all.writeBytes((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed mid-line after: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
