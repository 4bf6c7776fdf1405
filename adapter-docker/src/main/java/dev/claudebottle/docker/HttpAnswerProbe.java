package dev.claudebottle.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Run inside a sidecar container (its image has this jar): exits 0 when an HTTP server answers at
 * {@code HOST PORT}, 1 otherwise. The bottle's internal network is unreachable from the host on
 * purpose, so readiness is checked from inside.
 */
final class HttpAnswerProbe {
    private HttpAnswerProbe() {}

    public static void main(String[] args) {
        System.exit(answers(args[0], Integer.parseInt(args[1])) ? 0 : 1);
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII).equals("HTTP/");
        } catch (IOException e) {
            return false;
        }
    }
}
