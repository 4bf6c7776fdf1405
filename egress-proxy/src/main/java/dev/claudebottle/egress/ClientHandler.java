package dev.claudebottle.egress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * The frontend half of the proxy, one per client connection: takes requests one at a time
 * (absolute-form plain HTTP, or origin-form inside an intercepted CONNECT tunnel) and gives each its
 * own {@link Exchange}, which holds everything about that request and its response; this class keeps
 * only what outlives a request — the client channel, the tunnel (CONNECT target), the kept-alive
 * {@link UpstreamLink}, the one outstanding client read. Every method runs on the connection's event loop.
 *
 * <p>Collaborators: {@link RequestRouting} (where a request goes), {@link RequestForwarder} (head
 * check, policy decision, upstream connection, retry), {@link LocalResponses} (the proxy's own
 * answers), {@link UpstreamHandler} (the upstream's events, handed back here).
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final ProxyServices services;
    private final RequestForwarder forwarder;
    private final UpstreamLink upstream = new UpstreamLink();
    private Channel client;

    /** The CONNECT target once the connection is intercepted; null while it speaks plain proxy HTTP. */
    private Authority tunnel;
    private Authority pendingTunnel;
    private boolean sniRefused;
    private boolean clientReadPending;
    /** The request in progress and its response; null between requests. */
    private Exchange exchange;

    ClientHandler(ProxyServices services) {
        this.services = services;
        this.forwarder = new RequestForwarder(this);
    }

    ProxyOptions.Limits limits() {
        return services.limits();
    }

    ProxyServices services() {
        return services;
    }

    Channel client() {
        return client;
    }

    /** The CONNECT target when the connection is intercepted, else null. */
    Authority tunnel() {
        return tunnel;
    }

    UpstreamLink upstream() {
        return upstream;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        readClient();
    }

    /**
     * Asks for exactly one more message from the client (the FlowControlHandler delivers one per
     * read). At most one ask is outstanding, so a message can never arrive that the current state
     * did not ask for — e.g. the next request's body while its upstream is still connecting.
     */
    void readClient() {
        if (!clientReadPending) {
            clientReadPending = true;
            client.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        clientReadPending = false;
        if (msg instanceof HttpRequest request) {
            try {
                onRequest(request);
            } finally {
                if (msg instanceof LastHttpContent) {
                    ReferenceCountUtil.release(msg); // only failed decodes arrive as full messages; they carry no body we forward
                }
            }
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        if (client.pipeline().get("head-deadline") instanceof RequestHeadDeadline deadline) {
            deadline.headArrived();
        }
        Exchange current = Exchange.of(this, request);
        exchange = current;
        if (request.decoderResult().isFailure()) {
            current.rejectMalformed(request.decoderResult().cause());
            return;
        }
        if (tunnel == null && !services.authentication().admits(request)) { // inside a tunnel, its CONNECT was admitted
            current.respond(ProxyAuthentication.challenge());
            return;
        }
        switch (RequestRouting.resolve(request, tunnel)) {
            case RequestRouting.Route.Tunnel t -> {
                pendingTunnel = t.target();
                readClient(); // the (empty) end of the CONNECT request
            }
            case RequestRouting.Route.BadRequest bad -> {
                current.closeAfterwards(); // whatever follows a malformed proxy request cannot be trusted to be HTTP
                current.respondError(HttpResponseStatus.BAD_REQUEST, bad.code(), bad.message());
            }
            case RequestRouting.Route.Refused refused ->
                    forwarder.refuse(current, refused.target(), request.method().name(), refused.originForm(), refused.refusal());
            case RequestRouting.Route.Forward forward ->
                    forwarder.decideAndForward(current, request, forward.target(), forward.originForm());
        }
    }

    private void onContent(HttpContent content) {
        if (pendingTunnel != null) {
            content.release();
            if (content instanceof LastHttpContent) {
                establishTunnel();
            } else {
                readClient();
            }
        } else if (exchange != null) {
            exchange.onContent(content);
        } else if (content.decoderResult().isFailure()) {
            content.release();
            abort();
        } else {
            content.release(); // a body part outside any request: nothing to forward it to
            readClient();
        }
    }

    /** The exchange whose response {@code from} carries: null when it is not the current upstream or no request is in progress. */
    Exchange exchangeServedBy(Channel from) {
        return upstream.is(from) ? exchange : null;
    }

    /** The upstream closed by itself: forget it, and let the exchange it served (if any) react. */
    void onUpstreamClosed(Channel from) {
        if (!upstream.is(from)) {
            return;
        }
        upstream.forget();
        if (exchange != null) {
            exchange.onUpstreamClosed(forwarder);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client.isWritable() && exchange != null) {
            exchange.onClientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The exchange finished (request and response complete): await the next request, or close. */
    void exchangeEnded(Exchange ended, boolean keepAlive) {
        if (ended != exchange) {
            return; // a late callback of an exchange already over
        }
        exchange = null;
        if (keepAlive) {
            awaitNextHead();
            readClient();
        } else {
            client.close();
        }
    }

    /** Logs one decision; whether it was made inside a tunnel is this connection's to say. */
    void record(Authority target, String method, String path, boolean allowed, String reason, Optional<String> route,
            PolicySnapshot policy) {
        services.decisions().record(new DecisionLog.Entry(target.host(), target.port(), method, path, allowed, reason, route,
                policy.generation(), policy.sha256(), tunnel != null));
    }

    /**
     * Tells the request-head deadline (looked up each time: the tunnel switch replaces it and the codec) that
     * the next head is awaited, and whether part of it is already buffered in the codec.
     */
    private void awaitNextHead() {
        if (client.pipeline().get("head-deadline") instanceof RequestHeadDeadline deadline) {
            boolean partial = client.pipeline().get("http") instanceof ProxyServerCodec codec && codec.undecodedBytes() > 0;
            deadline.awaitNextHead(partial);
        }
    }

    private void timeOutHead() {
        exchange = Exchange.withoutHead(this); // whatever else arrives is not a request we answer
        exchange.respondAndClose(LocalResponses.error(HttpResponseStatus.REQUEST_TIMEOUT, "request-head-timeout",
                "the request head did not arrive whole within " + services.limits().headerTimeout().toSeconds() + " s"));
    }

    private void establishTunnel() {
        Authority target = pendingTunnel;
        pendingTunnel = null;
        FullHttpResponse established = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(200, "Connection Established"));
        client.writeAndFlush(established).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                abort();
                return;
            }
            tunnel = target;
            exchange = null;
            ProxyInitializer.switchToTls(client.pipeline(), services.ca(), target);
            awaitNextHead();
            readClient();
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ConnectionTracker.DRAIN) {
            if (exchange != null) {
                exchange.closeAfterwards();
            } else if (pendingTunnel == null) {
                client.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            client.close();
        } else if (evt == RequestHeadDeadline.EXPIRED && exchange == null) {
            timeOutHead();
        } else if (evt instanceof SniCompletionEvent sni && !sni.isSuccess()) {
            refuseSni(sni.cause());
        } else if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            client.close();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuseSni(cause);
        abort();
    }

    /** Logs an SNI that disagreed with CONNECT (once per connection) and closes; other causes just close. */
    private void refuseSni(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof InterceptingSniHandler.SniMismatch mismatch && tunnel != null && !sniRefused) {
                sniRefused = true;
                record(tunnel, "CONNECT", "", false, "sni-mismatch", Optional.empty(), services.policy().current());
                System.err.println("egress-proxy: refused TLS for " + tunnel + ": " + mismatch.getMessage());
            }
        }
        abort();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseUpstream();
    }

    void abort() {
        closeUpstream();
        if (client != null) {
            client.close();
        }
    }

    void closeUpstream() {
        upstream.close();
    }

    /** Done with the held upstream: into the shared pool if it is at a clean boundary (and no drain began), else closed. */
    void releaseUpstream() {
        if (services.connections().draining()) {
            upstream.close();
        } else {
            upstream.release(services.connector().pool());
        }
    }
}
