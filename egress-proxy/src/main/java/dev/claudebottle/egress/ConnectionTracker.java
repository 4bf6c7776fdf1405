package dev.claudebottle.egress;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts client connections, refuses those over {@code --max-connections} with a 503, and drains:
 * on SIGTERM every idle connection is closed and every busy one closes after its current response.
 * Shared by all client pipelines; thread-safe.
 */
@ChannelHandler.Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {
    /** The user event a client pipeline receives when the proxy starts draining. */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    ConnectionTracker(int max) {
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max || draining) {
            String body = draining ? "egress-proxy is shutting down\n"
                    : "egress-proxy: too many concurrent connections (limit " + max + ")\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + LocalResponses.ERROR_HEADER + ": " + (draining ? "draining" : "too-many-connections") + "\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), bytes))
                    .addListener(ChannelFutureListener.CLOSE);
            ctx.pipeline().remove(ClientHandler.class);
            return;
        }
        clients.add(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }

    int open() {
        return open.get();
    }

    boolean draining() {
        return draining;
    }

    /** Starts draining and waits up to {@code timeout} for every client connection to close; then closes the rest. */
    boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        for (Channel ch : clients) {
            ch.pipeline().fireUserEventTriggered(DRAIN);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!clients.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        boolean clean = clients.isEmpty();
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        return clean;
    }
}
