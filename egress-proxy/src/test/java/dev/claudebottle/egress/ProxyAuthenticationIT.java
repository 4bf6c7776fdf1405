package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --proxy-auth-file}: a client without the bottle's credential gets 407 for CONNECT and for plain HTTP, whatever
 * it tries instead (no header, wrong password, another scheme, two headers, broken base64); with it, requests pass and
 * the header never reaches the upstream nor any file the proxy writes.
 */
class ProxyAuthenticationIT {
    static final String CREDENTIAL = "bottle:pr0xy-p4ss-7d1f";

    @TempDir
    Path dir;

    private EgressProxy start(TestUpstream upstream, String credentialFileContent) throws Exception {
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                """.formatted(upstream.port()));
        Path auth = dir.resolve("proxy-auth");
        Files.writeString(auth, credentialFileContent);
        List<Path> cas = new java.util.ArrayList<>();
        if (upstream.tls()) {
            cas.add(Files.writeString(dir.resolve("upstream-ca.pem"), upstream.caPem()));
        }
        return EgressProxy.start(new ProxyOptions(routes, new InetSocketAddress("127.0.0.1", 0), dir.resolve("ca"),
                Optional.empty(), Optional.of(dir.resolve("status.json")), cas, Optional.of(dir.resolve("decisions.jsonl")),
                ProxyOptions.Limits.defaults(), Optional.of(auth)), name -> null);
    }

    private static String basic(String credential) {
        return "Basic " + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void connectWithoutTheCredentialGets407AndNoTunnel() throws Exception {
        try (TestUpstream upstream = TestUpstream.https(); EgressProxy proxy = start(upstream, CREDENTIAL + "\n")) {
            String authority = "localhost:" + upstream.port();
            for (String header : List.of("", "Proxy-Authorization: " + basic("bottle:wrong") + "\r\n",
                    "Proxy-Authorization: " + basic("other:" + CREDENTIAL.substring(7)) + "\r\n",
                    "Proxy-Authorization: " + basic(CREDENTIAL + "x") + "\r\n",
                    "Proxy-Authorization: " + basic(CREDENTIAL.substring(0, CREDENTIAL.length() - 1)) + "\r\n",
                    "Proxy-Authorization: Bearer " + Base64.getEncoder().encodeToString(CREDENTIAL.getBytes()) + "\r\n",
                    "Proxy-Authorization: Basic %%%not-base64\r\n",
                    "Proxy-Authorization: " + basic(CREDENTIAL) + "\r\nProxy-Authorization: " + basic("bottle:wrong") + "\r\n",
                    "Authorization: " + basic(CREDENTIAL) + "\r\n")) {
                try (Socket socket = new Socket("127.0.0.1", proxy.address().getPort())) {
                    socket.setSoTimeout(10_000);
                    write(socket, "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n" + header + "\r\n");
                    String head = RawTunnel.readHead(socket.getInputStream());
                    assertThat(head).as("CONNECT with [%s]", header.strip()).startsWith("HTTP/1.1 407")
                            .containsIgnoringCase("Proxy-Authenticate: Basic realm=\"egress-proxy\"")
                            .containsIgnoringCase("X-Egress-Proxy-Block: proxy-auth-required");
                }
            }
            assertThat(upstream.seen()).isEmpty();
        }
    }

    @Test
    void plainHttpWithoutTheCredentialGets407AndNeverReachesTheUpstream() throws Exception {
        try (TestUpstream upstream = TestUpstream.plain(); EgressProxy proxy = start(upstream, CREDENTIAL)) {
            String url = "http://localhost:" + upstream.port() + "/";
            for (String header : List.of("", "Proxy-Authorization: " + basic("bottle:") + "\r\n",
                    "Proxy-Authorization: basic\r\n", "Proxy-Authorization: " + basic(CREDENTIAL.toUpperCase()) + "\r\n")) {
                try (Socket socket = new Socket("127.0.0.1", proxy.address().getPort())) {
                    socket.setSoTimeout(10_000);
                    write(socket, "GET " + url + " HTTP/1.1\r\nHost: localhost:" + upstream.port() + "\r\n" + header + "\r\n");
                    assertThat(RawTunnel.readHead(socket.getInputStream())).as("GET with [%s]", header.strip())
                            .startsWith("HTTP/1.1 407").containsIgnoringCase("Proxy-Authenticate: Basic realm=\"egress-proxy\"");
                }
            }
            assertThat(upstream.seen()).isEmpty();
        }
    }

    @Test
    void theCredentialPassesOnTheSameConnectionAfterA407AndIsNeverForwardedNorWritten() throws Exception {
        try (TestUpstream upstream = TestUpstream.plain(); EgressProxy proxy = start(upstream, CREDENTIAL + "\r\n")) {
            String url = "http://localhost:" + upstream.port() + "/";
            try (Socket socket = new Socket("127.0.0.1", proxy.address().getPort())) {
                socket.setSoTimeout(10_000);
                String request = "GET " + url + " HTTP/1.1\r\nHost: localhost:" + upstream.port() + "\r\n";
                write(socket, request + "\r\n");
                assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 407");
                // As curl does: the same connection, now with the credential (scheme in lower case is legal too).
                write(socket, request + "Proxy-Authorization: basic " + basic(CREDENTIAL).substring(6) + "\r\n\r\n");
                assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").endsWith("hello");
            }
            assertThat(upstream.seen()).singleElement().satisfies(headers -> {
                assertThat(headers.containsKey("Proxy-Authorization")).isFalse();
                assertThat(headers.toString()).doesNotContain(basic(CREDENTIAL).substring(6));
            });
        }
        String password = CREDENTIAL.substring(CREDENTIAL.indexOf(':') + 1);
        for (String file : List.of("status.json", "decisions.jsonl")) {
            if (Files.exists(dir.resolve(file))) {
                assertThat(Files.readString(dir.resolve(file))).doesNotContain(password).doesNotContain(basic(CREDENTIAL).substring(6));
            }
        }
    }

    @Test
    void connectWithTheCredentialTunnelsAndRequestsInsideNeedNoHeader() throws Exception {
        try (TestUpstream upstream = TestUpstream.https(); EgressProxy proxy = start(upstream, CREDENTIAL)) {
            String authority = "localhost:" + upstream.port();
            try (Socket socket = new Socket("127.0.0.1", proxy.address().getPort())) {
                socket.setSoTimeout(10_000);
                write(socket, "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\nProxy-Authorization: "
                        + basic(CREDENTIAL) + "\r\n\r\n");
                assertThat(RawTunnel.readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
                SSLSocket tls = (SSLSocket) ProxyHarness.trusting(dir.resolve("ca").resolve(CertificateAuthority.CERT_FILE))
                        .getSocketFactory().createSocket(socket, "localhost", upstream.port(), true);
                SSLParameters params = tls.getSSLParameters();
                params.setServerNames(List.of(new SNIHostName("localhost")));
                tls.setSSLParameters(params);
                write(tls, "GET / HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
                assertThat(readResponse(tls.getInputStream())).startsWith("HTTP/1.1 200").endsWith("hello");
            }
            assertThat(upstream.seen()).singleElement().satisfies(h -> assertThat(h.containsKey("Proxy-Authorization")).isFalse());
        }
    }

    @Test
    void anUnusableCredentialFileStopsTheStartWithoutSayingItsContent() throws Exception {
        try (TestUpstream upstream = TestUpstream.plain()) {
            for (String content : List.of("", "\n", "no-colon-s3cr3t", ":s3cr3t-no-user", "user-s3cr3t:", "user:s3cr3t with space",
                    "user:s3cr3t\nsecond-line")) {
                assertThatThrownBy(() -> start(upstream, content).close()).as("file [%s]", content)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy-auth")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
            }
            Files.delete(dir.resolve("proxy-auth"));
            Path missing = dir.resolve("proxy-auth");
            assertThatThrownBy(() -> EgressProxy.start(new ProxyOptions(dir.resolve("routes.yaml"), new InetSocketAddress("127.0.0.1", 0),
                    dir.resolve("ca"), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), ProxyOptions.Limits.defaults(),
                    Optional.of(missing)))).isInstanceOf(IOException.class).hasMessageContaining("--proxy-auth-file " + missing);
        }
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readResponse(InputStream in) throws IOException {
        String head = RawTunnel.readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(in.readNBytes(length));
        return head + body.toString(StandardCharsets.UTF_8);
    }
}
