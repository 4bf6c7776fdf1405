package dev.claudebottle.egress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request-head deadline: once the first byte of a request arrives while the connection waits
 * for a request, the whole head must follow within the limit; otherwise {@link #EXPIRED} is fired
 * to the {@link ClientHandler}, which answers 408 and closes. Sits just before the HTTP codec, so
 * inside an intercepted tunnel it sees decrypted bytes. A connection that sends nothing at all is the
 * idle timeout's business. Every method runs on the connection's event loop.
 */
final class RequestHeadDeadline extends ChannelInboundHandlerAdapter {
    /** The user event fired when a request head took too long. */
    static final Object EXPIRED = new Object() {
        @Override
        public String toString() {
            return "request head deadline expired";
        }
    };

    private final Duration limit;
    private ChannelHandlerContext ctx;
    private boolean waitingForHead = true;
    private ScheduledFuture<?> timer;

    RequestHeadDeadline(Duration limit) {
        this.limit = limit;
    }

    Duration limit() {
        return limit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waitingForHead && timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            timer = ctx.executor().schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request head arrived: no deadline until the next one is awaited. */
    void headArrived() {
        waitingForHead = false;
        cancel();
    }

    /**
     * The connection now waits for the next request head; its first byte starts the clock, or the clock
     * starts now when part of that head already arrived (pipelined behind the previous request).
     */
    void awaitNextHead(boolean partOfTheHeadArrived) {
        waitingForHead = true;
        if (partOfTheHeadArrived && timer == null && ctx != null) {
            timer = ctx.executor().schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void expire() {
        timer = null;
        if (waitingForHead && ctx != null) {
            ctx.fireUserEventTriggered(EXPIRED);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }
}
