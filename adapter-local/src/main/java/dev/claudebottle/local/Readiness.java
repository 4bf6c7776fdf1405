package dev.claudebottle.local;

import dev.claudebottle.egress.contract.ProxyStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Waits for started children to be ready: egress-proxy by its status file, supervise by an HTTP answer. */
final class Readiness {
    private Readiness() {}

    /** The proxy's {@code host:port} once its status file says it is running; empty if it died or time ran out. */
    static Optional<String> proxyListening(Path status, ProcessHandle process, Duration patience) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                ProxyStatus read = ProxyStatus.parse(Files.readAllBytes(status));
                if (read.state().filter("running"::equals).isPresent() && read.listen().isPresent()) {
                    return read.listen();
                }
            } catch (IOException | IllegalArgumentException e) {
                // Not written yet (or mid-rename): look again.
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /** Whether an HTTP server at {@code address} answers a request (any status) before {@code patience} runs out. */
    static boolean httpAnswers(InetSocketAddress address, ProcessHandle process, Duration patience) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 1000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET / HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] start = in.readNBytes(5);
                if (new String(start, StandardCharsets.US_ASCII).equals("HTTP/")) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        return false;
    }
}
