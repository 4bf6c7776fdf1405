package dev.claudebottle.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A loopback TCP forwarder that adds {@code Authorization: Bearer <token>} to every HTTP request
 * head it passes to the server, for clients that cannot send headers (the conformance suite). It
 * changes nothing else: Host, Origin, bodies and streamed responses pass as they are.
 */
final class TokenForwarder implements AutoCloseable {
    private final ServerSocket listening;
    private final int target;
    private final String token;

    TokenForwarder(int target, String token) throws IOException {
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.token = token;
        Thread.ofPlatform().daemon().name("token-forwarder").start(this::acceptLoop);
    }

    int port() {
        return listening.getLocalPort();
    }

    private void acceptLoop() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread.ofPlatform().daemon().start(() -> requests(client, server));
                Thread.ofPlatform().daemon().start(() -> pipe(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Request heads get the header; bodies (Content-Length) pass untouched; anything else is piped raw. */
    private void requests(Socket client, Socket server) {
        try (client; server) {
            InputStream in = client.getInputStream();
            OutputStream out = server.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int end = head.indexOf("\r\n");
                String withToken = head.substring(0, end + 2) + "Authorization: Bearer " + token + "\r\n"
                        + head.substring(end + 2);
                out.write(withToken.getBytes(StandardCharsets.ISO_8859_1));
                String lower = head.toLowerCase(Locale.ROOT);
                if (lower.contains("\r\ntransfer-encoding:")) {
                    in.transferTo(out);
                    return;
                }
                long length = contentLength(lower);
                byte[] buffer = new byte[8192];
                while (length > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
                    if (n < 0) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    length -= n;
                }
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        }
    }

    private static long contentLength(String lowerHead) {
        int at = lowerHead.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int start = at + "\r\ncontent-length:".length();
        int end = lowerHead.indexOf("\r\n", start);
        return Long.parseLong(lowerHead.substring(start, end < 0 ? lowerHead.length() : end).strip());
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            int n = head.size();
            byte[] bytes = head.toByteArray();
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side closed
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
