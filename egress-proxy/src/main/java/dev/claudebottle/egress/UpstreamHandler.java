package dev.claudebottle.egress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The backend half of the proxy: hands every response part from the upstream connection to the
 * {@link Exchange} in progress on the client connection ({@link ClientHandler}), which asks for the
 * next part only while the client keeps up (back-pressure by channel writability), and reports the
 * upstream draining its buffer or going away. Events of an upstream the client connection no longer
 * holds reach no exchange. While the connection waits idle in the {@link UpstreamPool} it serves no client
 * connection at all: anything it sends then closes it, and its closing takes it out of the pool.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    /** The client connection served; null while parked in the pool. */
    private ClientHandler connection;
    /** The pool slot while parked, else null. */
    private UpstreamPool.Idle parked;

    UpstreamHandler(ClientHandler connection) {
        this.connection = connection;
    }

    /** Serves {@code connection} from now on (taken from the pool). */
    void serve(ClientHandler connection) {
        this.connection = connection;
        this.parked = null;
    }

    /** Serves no client connection any more: the connection waits idle in {@code slot}. */
    void park(UpstreamPool.Idle slot) {
        this.connection = null;
        this.parked = slot;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection == null) { // parked in the pool: nothing is owed by this upstream, so it spoke out of turn
            ReferenceCountUtil.release(msg);
            ctx.channel().close();
            return;
        }
        if (!(msg instanceof HttpObject part)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Exchange exchange = connection.exchangeServedBy(ctx.channel());
        if (exchange == null || exchange.responseComplete() || exchange.upstreamFinished()) {
            ReferenceCountUtil.release(part);
            ctx.channel().close(); // data outside an exchange: the upstream is not speaking HTTP/1.1 we can trust
            return;
        }
        exchange.onUpstreamPart(ctx.channel(), part);
    }

    /** The upstream finished one read: send the client what it produced (one flush per read, not per part). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (connection == null) {
            ctx.read(); // parked: keep watching for the upstream closing
            return;
        }
        connection.client().flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange exchange = connection == null ? null : connection.exchangeServedBy(ctx.channel());
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.onUpstreamWritable(); // the client may send more of the request body
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection == null) {
            if (parked != null) {
                parked.evict();
            }
            return;
        }
        connection.onUpstreamClosed(ctx.channel());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            Exchange exchange = connection == null ? null : connection.exchangeServedBy(ctx.channel());
            if (exchange != null) {
                exchange.onUpstreamIdle();
            }
            ctx.channel().close();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
