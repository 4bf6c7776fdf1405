package dev.claudebottle.mcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Serves {@link SuperviseServer#serveStdio} to each connection on a loopback port, so a real stdio
 * client can spawn {@code stdio-bridge.mjs} (whose stdin/stdout are that connection) as its server.
 */
final class StdioOverSocket implements AutoCloseable {
    private final ServerSocket listening;

    StdioOverSocket(SuperviseServer server) throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("stdio-over-socket").start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    Thread.ofPlatform().daemon().start(() -> {
                        try (socket) {
                            server.serveStdio(socket.getInputStream(), socket.getOutputStream());
                        } catch (IOException | InterruptedException e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return listening.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
