package dev.claudebottle.egress;

import dev.claudebottle.routes.Route;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * The frontend half of the proxy, one per client connection: takes requests one at a time
 * (absolute-form plain HTTP, or origin-form inside an intercepted CONNECT tunnel), decides each
 * against the policy current at that moment, answers denials itself, and streams allowed requests
 * and their responses through one upstream connection with explicit reads for back-pressure.
 * Every method runs on the connection's event loop.
 *
 * <p>Longer than this project's usual class on purpose: it is one per-connection state machine
 * (request phase, response phase, tunnel switch, back-pressure flags) whose fields nearly every
 * step reads, and splitting it would scatter that state. What can stand alone does:
 * {@link RequestRouting} (where a request goes), {@link RequestHeadCheck} (refused methods, framing,
 * the normalised target that is forwarded), {@link RequestGate} (policy decision and credential),
 * {@link UpstreamConnector} (DNS, SSRF guard,
 * verified TLS), {@link LocalResponses} (the proxy's own answers), {@link UpstreamHandler}.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final ProxyServices services;
    private Channel client;

    /** The CONNECT target once the connection is intercepted; null while it speaks plain proxy HTTP. */
    private Authority tunnel;
    private Authority pendingTunnel;

    private Channel upstream;
    private String upstreamKey;
    /** Whether the upstream's address passed the SSRF guard (false when it was opened under allow_private). */
    private boolean upstreamGuarded;

    private boolean inExchange;
    private boolean requestComplete;
    private boolean responseComplete;
    private boolean discardBody;
    private boolean clientKeepAlive;
    private boolean upstreamKeepAlive;
    private boolean informational;
    private boolean headRequest;
    private boolean expectsContinue;
    private boolean sniRefused;
    private boolean upstreamReadWaiting;
    /** Set while a bodyless GET/HEAD runs on a reused upstream: if that upstream closes before answering, send it once more on a new one. */
    private Retry retry;
    /** The secret value injected into the request in flight (null: none), kept out of its response headers. */
    private String injectedSecret;
    private boolean clientReadWaiting;
    private boolean clientReadPending;
    /** No response byte has gone to the client in this exchange, so an error response is still possible. */
    private boolean nothingSentYet = true;

    ClientHandler(ProxyServices services) {
        this.services = services;
    }

    ProxyOptions.Limits limits() {
        return services.limits();
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
    private void readClient() {
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
        inExchange = true;
        requestComplete = false;
        responseComplete = false;
        discardBody = false;
        informational = false;
        upstreamKeepAlive = true;
        clientKeepAlive = HttpUtil.isKeepAlive(request) && !services.connections().draining();
        headRequest = HttpMethod.HEAD.equals(request.method());
        expectsContinue = HttpUtil.is100ContinueExpected(request);
        nothingSentYet = true;
        upstreamReadWaiting = false;
        clientReadWaiting = false;
        retry = null;

        if (request.decoderResult().isFailure()) {
            rejectMalformed(request.decoderResult().cause());
            return;
        }
        if (tunnel == null && !services.authentication().admits(request)) { // inside a tunnel, its CONNECT was admitted
            respond(ProxyAuthentication.challenge());
            return;
        }
        String method = request.method().name();
        Authority target;
        String originForm;
        switch (RequestRouting.resolve(request, tunnel)) {
            case RequestRouting.Route.Tunnel t -> {
                pendingTunnel = t.target();
                readClient(); // the (empty) end of the CONNECT request
                return;
            }
            case RequestRouting.Route.BadRequest bad -> {
                clientKeepAlive = false; // whatever follows a malformed proxy request cannot be trusted to be HTTP
                respondError(HttpResponseStatus.BAD_REQUEST, bad.code(), bad.message());
                return;
            }
            case RequestRouting.Route.Refused refused -> {
                refuse(refused.target(), method, refused.originForm(), refused.refusal());
                return;
            }
            case RequestRouting.Route.Forward forward -> {
                target = forward.target();
                originForm = forward.originForm();
            }
        }
        String sentPath = DecisionLog.withoutQuery(originForm);
        switch (RequestHeadCheck.check(request, originForm)) {
            case RequestHeadCheck.Result.Refused refused -> {
                refuse(target, method, originForm, refused.refusal());
                return;
            }
            case RequestHeadCheck.Result.Passed passed -> originForm = passed.originForm();
        }

        PolicySnapshot policy = services.policy().current();
        RequestGate.Verdict verdict = RequestGate.decide(request, target, originForm, tunnel != null, policy,
                services.policy().now());
        if (verdict instanceof RequestGate.Verdict.Block block && !sentPath.equals(DecisionLog.withoutQuery(originForm))) {
            verdict = new RequestGate.Verdict.Block(block.reason(), block.explanation() + " (normalised from '"
                    + RequestRouting.abbreviate(sentPath) + "')", block.routeKey()); // the agent sees why its path became this one
        }
        if (answerRefusal(verdict, target, method, originForm, policy) instanceof RequestGate.Verdict.Pass pass) {
            forward(request, target, originForm, pass.route(), policy);
        }
    }

    /** Answers a verdict that does not let the request through (403, or 502 for a missing secret); Pass is the caller's. */
    private RequestGate.Verdict answerRefusal(RequestGate.Verdict verdict, Authority target, String method, String originForm,
            PolicySnapshot policy) {
        switch (verdict) {
            case RequestGate.Verdict.Block block -> deny(target, method, originForm, block.reason(), block.explanation(),
                    block.routeKey(), policy);
            case RequestGate.Verdict.SecretMissing missing -> {
                record(target, method, originForm, false, "secret-not-configured", Optional.of(missing.route().key()), policy);
                respondError(HttpResponseStatus.BAD_GATEWAY, "secret-not-configured", "the route " + missing.route().key()
                        + " injects the secret " + missing.secretName() + ", which egress-proxy does not have");
            }
            case RequestGate.Verdict.Pass pass -> {
                // the caller forwards
            }
        }
        return verdict;
    }

    private void forward(HttpRequest request, Authority target, String originForm, Route route, PolicySnapshot policy) {
        String method = request.method().name();
        injectedSecret = injected(route, policy);
        boolean tls = tunnel != null;
        String key = (tls ? "https://" : "http://") + target;
        if (upstream != null && upstream.isActive() && key.equals(upstreamKey) && (upstreamGuarded || route.allowPrivate())) {
            record(target, method, originForm, true, "allowed", Optional.of(route.key()), policy);
            boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
            if (bodyless && (HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method()))) {
                retry = new Retry(request, target, originForm, route, policy, key);
            }
            sendHead(request);
            return;
        }
        closeUpstream();
        UpstreamHandler responses = new UpstreamHandler(this);
        services.connector().connect(client.eventLoop(), target, tls, route.allowPrivate(), responses).addListener(f -> {
            if (!client.isActive()) {
                if (f.isSuccess()) {
                    ((Channel) f.getNow()).close();
                }
                return;
            }
            if (f.isSuccess()) {
                upstream = (Channel) f.getNow();
                upstreamKey = key;
                upstreamGuarded = !route.allowPrivate();
                record(target, method, originForm, true, "allowed", Optional.of(route.key()), policy);
                sendHead(request);
            } else if (f.cause() instanceof UpstreamFailure failure && failure.kind() == UpstreamFailure.Kind.PRIVATE_ADDRESS) {
                deny(target, method, originForm, failure.kind().code, failure.getMessage(), Optional.of(route.key()), policy);
            } else if (f.cause() instanceof UpstreamFailure failure) {
                record(target, method, originForm, true, "allowed", Optional.of(route.key()), policy);
                respondError(failure.kind().status, failure.kind().code, failure.getMessage());
            } else {
                respondError(HttpResponseStatus.BAD_GATEWAY, "upstream-connect-failed", "cannot reach upstream " + target);
            }
        });
    }

    private void sendHead(HttpRequest request) {
        Channel up = upstream;
        up.writeAndFlush(request).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                abort();
                return;
            }
            up.read();
            readClient();
        });
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (pendingTunnel != null) {
            content.release();
            if (last) {
                establishTunnel();
            } else {
                readClient();
            }
            return;
        }
        if (content.decoderResult().isFailure() && !discardBody) {
            // a malformed chunk: the upstream must never see this request end, so no terminating chunk goes out
            Throwable cause = content.decoderResult().cause();
            content.release();
            closeUpstream();
            if (inExchange && nothingSentYet && client.isActive()) {
                rejectMalformed(cause);
            } else {
                abort();
            }
            return;
        }
        if (!inExchange || discardBody) {
            content.release();
            if (last) {
                requestComplete = true;
                finishIfDone();
            } else {
                readClient();
            }
            return;
        }
        Channel up = upstream;
        if (up == null || !up.isActive()) {
            content.release();
            abort();
            return;
        }
        if (last && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
            content = new DefaultLastHttpContent(content.content()); // request trailers are never forwarded
        }
        up.writeAndFlush(content).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                abort();
            } else if (last) {
                requestComplete = true;
                finishIfDone();
            }
        });
        if (!last) {
            // back-pressure, request direction: the next body part is read only while upstream keeps up
            if (up.isWritable()) {
                readClient();
            } else {
                clientReadWaiting = true;
            }
        }
    }

    /** One part of the upstream's response; the next part is read once the client can take it. */
    void onUpstreamPart(Channel from, HttpObject part) {
        if (from != upstream || !inExchange || responseComplete) {
            ReferenceCountUtil.release(part);
            from.close(); // data outside an exchange: the upstream is not speaking HTTP/1.1 we can trust
            return;
        }
        nothingSentYet = false;
        if (part instanceof HttpResponse response) {
            ReflectedSecret.redact(response.headers(), injectedSecret);
        }
        if (part instanceof LastHttpContent trailers) {
            ReflectedSecret.redact(trailers.trailingHeaders(), injectedSecret);
        }
        if (part instanceof HttpResponse response) {
            int code = response.status().code();
            informational = code >= 100 && code < 200 && code != 101;
            if (!informational) {
                prepareResponse(response);
            }
        }
        boolean finalLast = part instanceof LastHttpContent && !informational;
        if (part instanceof LastHttpContent && informational) {
            informational = false;
        }
        // flushed in onUpstreamReadComplete: one flush per upstream read, not per part
        client.write(part).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                abort();
            } else if (finalLast) {
                responseComplete = true;
                finishIfDone();
            }
        });
        if (!finalLast) {
            readUpstreamWhenClientWritable(from);
        }
    }

    /**
     * Back-pressure, response direction: read the next part from upstream only while the client's
     * outbound buffer is under its high-water mark; otherwise wait for the client to drain it.
     */
    private void readUpstreamWhenClientWritable(Channel from) {
        if (client.isWritable()) {
            from.read();
        } else {
            upstreamReadWaiting = true;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client.isWritable() && upstreamReadWaiting) {
            upstreamReadWaiting = false;
            if (upstream != null) {
                upstream.read();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The upstream finished one read: send the client what it produced. */
    void onUpstreamReadComplete() {
        client.flush();
    }

    /** The upstream drained its outbound buffer: the client may send more of the request body. */
    void onUpstreamWritable(Channel from) {
        if (from == upstream && from.isWritable() && clientReadWaiting) {
            clientReadWaiting = false;
            readClient();
        }
    }

    private void prepareResponse(HttpResponse response) {
        HttpHeaders headers = response.headers();
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        HopByHop.strip(headers);
        int code = response.status().code();
        boolean mayHaveBody = !headRequest && code != 204 && code != 304;
        if (mayHaveBody && !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response)) {
            HttpUtil.setTransferEncodingChunked(response, true); // body delimited by close upstream; keep the client connection usable
        }
        if (!clientKeepAlive || services.connections().draining()) {
            clientKeepAlive = false;
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    void onUpstreamClosed(Channel from) {
        if (from != upstream) {
            return;
        }
        upstream = null;
        upstreamKey = null;
        if (inExchange && !responseComplete && retry != null && nothingSentYet && requestComplete && !discardBody) {
            Retry again = retry;
            retry = null;
            resend(again);
            return;
        }
        if (inExchange && !responseComplete) {
            if (!discardBody && !informational && client.isActive() && nothingSentYet) {
                respondError(HttpResponseStatus.BAD_GATEWAY, "upstream-closed", "the upstream closed the connection before responding");
            } else {
                abort();
            }
        }
    }

    /**
     * A request that may be sent again on a fresh upstream connection (a kept-alive one closed under it),
     * with the route and policy that allowed it: if the policy was reloaded meanwhile, it is decided again.
     */
    private record Retry(HttpRequest request, Authority target, String originForm, Route route, PolicySnapshot policy, String key) {}

    private void resend(Retry decided) {
        Retry again = decidedAgain(decided);
        if (again == null) {
            return;
        }
        boolean tls = tunnel != null;
        boolean allowPrivate = again.route().allowPrivate();
        services.connector().connect(client.eventLoop(), again.target(), tls, allowPrivate, new UpstreamHandler(this))
                .addListener(f -> {
                    if (!client.isActive()) {
                        if (f.isSuccess()) {
                            ((Channel) f.getNow()).close();
                        }
                        return;
                    }
                    if (!f.isSuccess()) {
                        respondError(HttpResponseStatus.BAD_GATEWAY, "upstream-closed",
                                "the upstream closed the connection before responding, and reconnecting failed: " + f.cause().getMessage());
                        return;
                    }
                    upstream = (Channel) f.getNow();
                    upstreamKey = again.key();
                    upstreamGuarded = !allowPrivate;
                    Channel up = upstream;
                    up.write(again.request());
                    up.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener((ChannelFutureListener) w -> {
                        if (w.isSuccess()) {
                            up.read();
                        } else {
                            abort();
                        }
                    });
                });
    }

    /**
     * The retry as the current policy sees it: unchanged when no reload happened since it was decided;
     * otherwise decided again (the credential injected under the old policy removed first), and null
     * when it is now refused (the client has had its answer).
     */
    private Retry decidedAgain(Retry decided) {
        PolicySnapshot now = services.policy().current();
        if (now == decided.policy()) {
            return decided;
        }
        HttpRequest request = decided.request();
        if (tunnel != null) { // only a tunnelled request had a credential injected
            decided.route().auth().ifPresent(auth -> request.headers().remove(auth.header()));
        }
        String method = request.method().name();
        RequestGate.Verdict verdict = RequestGate.decide(request, decided.target(), decided.originForm(), tunnel != null, now,
                services.policy().now());
        if (!(answerRefusal(verdict, decided.target(), method, decided.originForm(), now) instanceof RequestGate.Verdict.Pass pass)) {
            return null;
        }
        record(decided.target(), method, decided.originForm(), true, "allowed", Optional.of(pass.route().key()), now);
        injectedSecret = injected(pass.route(), now);
        return new Retry(request, decided.target(), decided.originForm(), pass.route(), now, decided.key());
    }

    /** The secret value the gate set on a request of this route (only inside a tunnel), or null. */
    private String injected(Route route, PolicySnapshot policy) {
        if (tunnel == null) {
            return null;
        }
        return route.auth().flatMap(auth -> policy.secrets().value(auth.secretName())).orElse(null);
    }

    void onUpstreamIdle(Channel from) {
        if (from == upstream && inExchange && !responseComplete && nothingSentYet) {
            respondError(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream-idle-timeout", "the upstream sent nothing for "
                    + services.limits().idleTimeout().toSeconds() + " s");
        }
        from.close();
    }

    private void finishIfDone() {
        if (!requestComplete || !responseComplete) {
            return;
        }
        inExchange = false;
        nothingSentYet = true;
        if (!upstreamKeepAlive) {
            closeUpstream();
        } else if (upstream != null) {
            upstream.read(); // notice an upstream close while idle
        }
        if (clientKeepAlive && !services.connections().draining()) {
            awaitNextHead();
            readClient();
        } else {
            client.close();
        }
    }

    private void deny(Authority target, String method, String originForm, String reason, String explanation,
            Optional<String> route, PolicySnapshot policy) {
        record(target, method, originForm, false, reason, route, policy);
        respond(LocalResponses.blocked(target.host(), target.port(), method, originForm, reason, explanation, policy.sha256()));
    }

    private void deny(Authority target, String method, String originForm, String reason, String explanation, Optional<String> route) {
        deny(target, method, originForm, reason, explanation, route, services.policy().current());
    }

    private void record(Authority target, String method, String path, boolean allowed, String reason, Optional<String> route,
            PolicySnapshot policy) {
        services.decisions().record(new DecisionLog.Entry(target.host(), target.port(), method, path, allowed, reason, route,
                policy.generation(), policy.sha256(), tunnel != null));
    }

    private void respondError(HttpResponseStatus status, String code, String message) {
        respond(LocalResponses.error(status, code, message));
    }

    /** Writes a response of our own, then drops the rest of the request body and carries on with the next request. */
    private void respond(FullHttpResponse response) {
        discardBody = true;
        nothingSentYet = false;
        // a client that sent "Expect: 100-continue" may never send the body; do not wait for it
        boolean closeNow = expectsContinue && !requestComplete;
        if (closeNow) {
            clientKeepAlive = false;
        }
        if (!clientKeepAlive || services.connections().draining()) {
            clientKeepAlive = false;
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        client.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                abort();
                return;
            }
            responseComplete = true;
            if (closeNow) {
                abort();
            } else if (requestComplete) {
                finishIfDone();
            } else {
                readClient();
            }
        });
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
        inExchange = true; // whatever else arrives is not a request we answer
        discardBody = true;
        FullHttpResponse response = LocalResponses.error(HttpResponseStatus.REQUEST_TIMEOUT, "request-head-timeout",
                "the request head did not arrive whole within " + services.limits().headerTimeout().toSeconds() + " s");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Answers a request refused on its form ({@link Refusal}) and logs it; nothing goes upstream. When the
     * refusal says so, the connection closes after the answer instead of reading the rest of the request.
     */
    private void refuse(Authority target, String method, String originForm, Refusal refusal) {
        PolicySnapshot policy = services.policy().current();
        record(target, method, originForm, false, refusal.reason(), Optional.empty(), policy);
        FullHttpResponse response = LocalResponses.refused(refusal, target.host(), target.port(), method, originForm, policy.sha256());
        if (!refusal.closeConnection()) {
            respond(response);
            return;
        }
        clientKeepAlive = false;
        discardBody = true;
        nothingSentYet = false;
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void rejectMalformed(Throwable cause) {
        FullHttpResponse response = LocalResponses.forDecodeFailure(cause, services.limits());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
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
            inExchange = false;
            ProxyInitializer.switchToTls(client.pipeline(), services.ca(), target);
            awaitNextHead();
            readClient();
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ConnectionTracker.DRAIN) {
            clientKeepAlive = false;
            if (!inExchange && pendingTunnel == null) {
                client.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            client.close();
        } else if (evt == RequestHeadDeadline.EXPIRED && !inExchange) {
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
        closeUpstream();
    }

    private void abort() {
        closeUpstream();
        if (client != null) {
            client.close();
        }
    }

    private void closeUpstream() {
        upstreamReadWaiting = false;
        if (upstream != null) {
            Channel up = upstream;
            upstream = null;
            upstreamKey = null;
            up.close();
        }
    }
}
