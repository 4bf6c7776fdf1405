package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the proxy copes with upstreams that misbehave within HTTP/1.1: dropped keep-alive, HEAD, close-delimited bodies. */
class UpstreamBehaviourIT {
    @TempDir
    Path dir;

    /**
     * A raw TLS server: on each connection answers the first request, then reads the next request
     * and closes without answering (a keep-alive connection dropped just as it is reused).
     */
    static final class OneAnswerPerConnection implements AutoCloseable {
        final CertificateAuthority ca = CertificateAuthority.generate("flaky upstream CA");
        final SSLServerSocket server;
        final AtomicInteger connections = new AtomicInteger();
        final Thread acceptor;

        OneAnswerPerConnection(String body, boolean closeDelimited) throws Exception {
            server = (SSLServerSocket) TestUpstream.serverContext(ca).getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, body, closeDelimited));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void serve(Socket s, String body, boolean closeDelimited) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String head = RawTunnel.readHead(in);
                boolean isHead = head.startsWith("HEAD ");
                byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
                String response = "HTTP/1.1 200 OK\r\n" + (closeDelimited ? "" : "Content-Length: " + bytes.length + "\r\n") + "\r\n";
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                if (!isHead) {
                    out.write(bytes);
                }
                out.flush();
                if (!closeDelimited) {
                    RawTunnel.readHead(in); // the next request on this connection: dropped unanswered
                }
            } catch (IOException ignored) {
                // the proxy closing first is fine
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

    private static String routes(int port) {
        return "routes:\n  - host: localhost\n    port: %d\n    allow_private: true\n".formatted(port);
    }

    @Test
    void aGetOnAKeptAliveUpstreamThatDropsItIsSentAgainOnAFreshConnection() throws Exception {
        try (OneAnswerPerConnection upstream = new OneAnswerPerConnection("fresh", false);
                ProxyHarness proxy = ProxyHarness.start(dir, routes(upstream.port()), Map.of(), List.of(upstream.ca.certificatePem()))) {
            HttpClient client = proxy.client();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + upstream.port() + "/x"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("fresh");
            }
            assertThat(upstream.connections.get()).isGreaterThanOrEqualTo(3);
            assertThat(proxy.decisions()).hasSize(3);
        }
    }

    @Test
    void aCloseDelimitedBodyReachesTheClientReframedAndHeadHasNoBody() throws Exception {
        try (OneAnswerPerConnection upstream = new OneAnswerPerConnection("until-close", true);
                ProxyHarness proxy = ProxyHarness.start(dir, routes(upstream.port()), Map.of(), List.of(upstream.ca.certificatePem()))) {
            HttpClient client = proxy.client();
            URI url = URI.create("https://localhost:" + upstream.port() + "/x");
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.body()).isEqualTo("until-close");
            assertThat(get.headers().firstValue("transfer-encoding")).hasValue("chunked");
            HttpResponse<String> head = client.send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            // the client connection survived both (same keep-alive connection reused)
            assertThat(client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("until-close");
        }
    }
}
