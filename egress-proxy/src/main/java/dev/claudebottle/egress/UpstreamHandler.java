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
 * holds reach no exchange.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private final ClientHandler connection;

    UpstreamHandler(ClientHandler connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject part)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Exchange exchange = connection.exchangeServedBy(ctx.channel());
        if (exchange == null || exchange.responseComplete()) {
            ReferenceCountUtil.release(part);
            ctx.channel().close(); // data outside an exchange: the upstream is not speaking HTTP/1.1 we can trust
            return;
        }
        exchange.onUpstreamPart(ctx.channel(), part);
    }

    /** The upstream finished one read: send the client what it produced (one flush per read, not per part). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.client().flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange exchange = connection.exchangeServedBy(ctx.channel());
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.onUpstreamWritable(); // the client may send more of the request body
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onUpstreamClosed(ctx.channel());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            Exchange exchange = connection.exchangeServedBy(ctx.channel());
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
