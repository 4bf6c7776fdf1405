package dev.claudebottle.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;

/**
 * A real TLS (or plain) upstream that records every byte each connection sends it, for asserting
 * exactly what the proxy forwarded: the request line, headers, body framing and trailers. Reads each
 * request (head, then a Content-Length or chunked body), records its head, and asks the {@link Script}
 * whether to answer {@code 200 ok} (kept alive) or to close without answering.
 */
final class RecordingUpstream implements AutoCloseable {
    /** What to do with one request: the connection's number (from 1), the request's number on it (from 1), its head. */
    interface Script {
        boolean answer(int connection, int request, String head) throws Exception;
    }

    /** The whole response to one request (null: close without answering); for upstreams that answer other than {@code 200 ok}. */
    interface Responder {
        String response(int connection, int request, String head) throws Exception;
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final ServerSocket server;
    private final CertificateAuthority ca;
    private final Responder script;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<ByteArrayOutputStream> raw = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private RecordingUpstream(ServerSocket server, CertificateAuthority ca, Script script) {
        this(server, ca, (Responder) (c, r, h) -> script.answer(c, r, h) ? OK : null);
    }

    private RecordingUpstream(ServerSocket server, CertificateAuthority ca, Responder script) {
        this.server = server;
        this.ca = ca;
        this.script = script;
        Thread.ofVirtual().start(this::accept);
    }

    static RecordingUpstream https(Script script) throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("recording upstream CA");
        SSLServerSocket server = (SSLServerSocket) TestUpstream.serverContext(ca).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new RecordingUpstream(server, ca, script);
    }

    static RecordingUpstream httpsAnswering(Responder responder) throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("recording upstream CA");
        SSLServerSocket server = (SSLServerSocket) TestUpstream.serverContext(ca).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new RecordingUpstream(server, ca, responder);
    }

    /** Closes every connection the proxy opened (as an upstream closing idle keep-alive connections does). */
    void closeConnections() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
    }

    static RecordingUpstream https() throws Exception {
        return https((c, r, h) -> true);
    }

    static RecordingUpstream plain() throws IOException {
        return new RecordingUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), null, (Script) (c, r, h) -> true);
    }

    int port() {
        return server.getLocalPort();
    }

    String caPem() {
        return ca.certificatePem();
    }

    /** Every request head received, in order. */
    List<String> heads() {
        return heads;
    }

    /** How many connections the proxy opened. */
    int connections() {
        return connections.get();
    }

    /** Every byte received on every connection, as ISO-8859-1 text. */
    String everythingReceived() {
        StringBuilder all = new StringBuilder();
        for (ByteArrayOutputStream bytes : raw) {
            synchronized (bytes) {
                all.append(bytes.toString(StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                int number = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket, number));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        raw.add(seen);
        try (socket) {
            InputStream in = new Recording(socket.getInputStream(), seen);
            OutputStream out = socket.getOutputStream();
            for (int request = 1; ; request++) {
                String head = RawTunnel.readHead(in);
                heads.add(head);
                readBody(in, head);
                String response = script.response(connection, request, head);
                if (response == null) {
                    return;
                }
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (Exception e) {
            // the proxy closed the connection, or the script said to close it
        }
    }

    private static void readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                String sizeLine = line(in);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailer fields (recorded in the raw bytes)
                    }
                    return;
                }
                in.readNBytes(size);
                line(in);
            }
        }
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                return line.toString().replace("\r", "");
            }
            line.append((char) b);
        }
        throw new IOException("closed mid-line");
    }

    /** Copies every byte read into a buffer. */
    private static final class Recording extends InputStream {
        private final InputStream in;
        private final ByteArrayOutputStream copy;

        Recording(InputStream in, ByteArrayOutputStream copy) {
            this.in = in;
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (copy) {
                    copy.write(b);
                }
            }
            return b;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
