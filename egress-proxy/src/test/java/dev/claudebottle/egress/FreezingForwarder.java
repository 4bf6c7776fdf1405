package dev.claudebottle.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP forwarder on loopback in front of the API server whose existing connections can be turned into black holes:
 * after {@link #freezeExisting()} their bytes are dropped in both directions and neither end learns of a close (as
 * when a node dies or a NAT entry is dropped). Connections opened later are forwarded normally.
 */
final class FreezingForwarder implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    private record Link(Socket client, Socket server, AtomicBoolean frozen) {}

    FreezingForwarder(InetSocketAddress target) throws IOException {
        this(target, InetAddress.getLoopbackAddress());
    }

    /** Listening on {@code bind} (another loopback address gives the API server a name its certificate lacks). */
    FreezingForwarder(InetSocketAddress target, InetAddress bind) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, bind);
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                Link link = new Link(client, server, new AtomicBoolean());
                links.add(link);
                Thread.ofVirtual().start(() -> pump(link, client, server));
                Thread.ofVirtual().start(() -> pump(link, server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!link.frozen().get()) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            if (!link.frozen().get()) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            // one side went away; a frozen link keeps the other side waiting
        }
    }

    /** Every connection open now stops carrying anything, silently and for good. */
    int freezeExisting() {
        links.forEach(link -> link.frozen().set(true));
        return links.size();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Link link : links) {
            link.client().close();
            link.server().close();
        }
    }
}
