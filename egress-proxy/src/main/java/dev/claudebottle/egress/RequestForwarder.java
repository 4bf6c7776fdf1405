package dev.claudebottle.egress;

import dev.claudebottle.routes.Route;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Optional;

/**
 * Decides a routed request and sends it upstream, one per client connection: the head check, the
 * policy decision ({@link RequestGate}), the proxy's answer to a refusal, reuse of the connection's
 * {@link UpstreamLink}, else taking one from the {@link UpstreamPool} or opening one, and sending a
 * bodyless GET/HEAD once more (decided again if the policy was reloaded meanwhile) when a kept-alive or
 * pooled upstream closed under it. What it decides about one
 * request it hands to that request's {@link Exchange}; it keeps nothing per request itself.
 */
final class RequestForwarder {
    private final ClientHandler connection;
    private final ProxyServices services;

    RequestForwarder(ClientHandler connection) {
        this.connection = connection;
        this.services = connection.services();
    }

    /**
     * A request that may be sent again on a fresh upstream connection (a kept-alive one closed under it),
     * with the route and policy that allowed it: if the policy was reloaded meanwhile, it is decided again.
     */
    record Retry(HttpRequest request, Authority target, String originForm, Route route, PolicySnapshot policy, String key) {}

    /** Checks the head of a request routed to {@code target}, decides it, and answers or forwards it. */
    void decideAndForward(Exchange exchange, HttpRequest request, Authority target, String originForm) {
        String method = request.method().name();
        String sentPath = DecisionLog.withoutQuery(originForm);
        switch (RequestHeadCheck.check(request, originForm)) {
            case RequestHeadCheck.Result.Refused refused -> {
                refuse(exchange, target, method, originForm, refused.refusal());
                return;
            }
            case RequestHeadCheck.Result.Passed passed -> originForm = passed.originForm();
        }
        PolicySnapshot policy = services.policy().current();
        RequestGate.Verdict verdict = RequestGate.decide(request, target, originForm, connection.tunnel() != null, policy,
                services.policy().now());
        if (verdict instanceof RequestGate.Verdict.Block block && !sentPath.equals(DecisionLog.withoutQuery(originForm))) {
            verdict = new RequestGate.Verdict.Block(block.reason(), block.explanation() + " (normalised from '"
                    + RequestRouting.abbreviate(sentPath) + "')", block.routeKey()); // the agent sees why its path became this one
        }
        if (answerRefusal(exchange, verdict, target, method, originForm, policy) instanceof RequestGate.Verdict.Pass pass) {
            forward(exchange, request, target, originForm, pass.route(), policy);
        }
    }

    /** Answers a verdict that does not let the request through (403, or 502 for a missing secret); Pass is the caller's. */
    private RequestGate.Verdict answerRefusal(Exchange exchange, RequestGate.Verdict verdict, Authority target, String method,
            String originForm, PolicySnapshot policy) {
        switch (verdict) {
            case RequestGate.Verdict.Block block -> deny(exchange, target, method, originForm, block.reason(), block.explanation(),
                    block.routeKey(), policy);
            case RequestGate.Verdict.SecretMissing missing -> {
                connection.record(target, method, originForm, false, "secret-not-configured", Optional.of(missing.route().key()), policy);
                exchange.respondError(HttpResponseStatus.BAD_GATEWAY, "secret-not-configured", "the route " + missing.route().key()
                        + " injects the secret " + missing.secretName() + ", which egress-proxy does not have");
            }
            case RequestGate.Verdict.Pass pass -> {
                // the caller forwards
            }
        }
        return verdict;
    }

    private void forward(Exchange exchange, HttpRequest request, Authority target, String originForm, Route route,
            PolicySnapshot policy) {
        String method = request.method().name();
        exchange.injected(injected(route, policy));
        boolean tls = connection.tunnel() != null;
        String key = (tls ? "https://" : "http://") + target;
        UpstreamLink upstream = connection.upstream();
        if (upstream.reusableFor(key, route.allowPrivate())) {
            sendOnReused(exchange, request, target, originForm, route, policy, key);
            return;
        }
        connection.releaseUpstream();
        Channel client = connection.client();
        // the request was decided above, on its own; the pool only lends the transport to the destination it decided
        Channel pooled = services.connector().pool().take(client.eventLoop(), UpstreamLink.poolKey(key, route.allowPrivate()));
        if (pooled != null) {
            pooled.pipeline().get(UpstreamHandler.class).serve(connection);
            upstream.attach(pooled, key, route.allowPrivate());
            sendOnReused(exchange, request, target, originForm, route, policy, key);
            return;
        }
        services.connector().connect(client.eventLoop(), target, tls, route.allowPrivate(), new UpstreamHandler(connection))
                .addListener(f -> {
                    if (!client.isActive()) {
                        if (f.isSuccess()) {
                            ((Channel) f.getNow()).close();
                        }
                        return;
                    }
                    if (f.isSuccess()) {
                        upstream.attach((Channel) f.getNow(), key, route.allowPrivate());
                        connection.record(target, method, originForm, true, "allowed", Optional.of(route.key()), policy);
                        sendHead(request);
                    } else if (f.cause() instanceof UpstreamFailure failure && failure.kind() == UpstreamFailure.Kind.PRIVATE_ADDRESS) {
                        deny(exchange, target, method, originForm, failure.kind().code, failure.getMessage(), Optional.of(route.key()),
                                policy);
                    } else if (f.cause() instanceof UpstreamFailure failure) {
                        connection.record(target, method, originForm, true, "allowed", Optional.of(route.key()), policy);
                        exchange.respondError(failure.kind().status, failure.kind().code, failure.getMessage());
                    } else {
                        exchange.respondError(HttpResponseStatus.BAD_GATEWAY, "upstream-connect-failed", "cannot reach upstream " + target);
                    }
                });
    }

    /**
     * Sends a request on an upstream connection that already carried others (kept alive on this client connection or
     * taken from the pool): a bodyless GET/HEAD is sent once more on a fresh connection if this one closes before
     * answering; any other request then gets 502, never replayed.
     */
    private void sendOnReused(Exchange exchange, HttpRequest request, Authority target, String originForm, Route route,
            PolicySnapshot policy, String key) {
        connection.record(target, request.method().name(), originForm, true, "allowed", Optional.of(route.key()), policy);
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        if (bodyless && (HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method()))) {
            exchange.retryOnNewUpstream(new Retry(request, target, originForm, route, policy, key));
        }
        sendHead(request);
    }

    private void sendHead(HttpRequest request) {
        connection.upstream().markInUse();
        Channel up = connection.upstream().channel();
        up.writeAndFlush(request).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.abort();
                return;
            }
            up.read();
            connection.readClient();
        });
    }

    /** Sends the retry's request once more on a new upstream connection, decided again if the policy changed. */
    void resend(Exchange exchange, Retry decided) {
        Retry again = decidedAgain(exchange, decided);
        if (again == null) {
            return;
        }
        boolean tls = connection.tunnel() != null;
        boolean allowPrivate = again.route().allowPrivate();
        Channel client = connection.client();
        services.connector().connect(client.eventLoop(), again.target(), tls, allowPrivate, new UpstreamHandler(connection))
                .addListener(f -> {
                    if (!client.isActive()) {
                        if (f.isSuccess()) {
                            ((Channel) f.getNow()).close();
                        }
                        return;
                    }
                    if (!f.isSuccess()) {
                        exchange.respondError(HttpResponseStatus.BAD_GATEWAY, "upstream-closed",
                                "the upstream closed the connection before responding, and reconnecting failed: " + f.cause().getMessage());
                        return;
                    }
                    Channel up = (Channel) f.getNow();
                    connection.upstream().attach(up, again.key(), allowPrivate);
                    up.write(again.request());
                    up.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener((ChannelFutureListener) w -> {
                        if (w.isSuccess()) {
                            up.read();
                        } else {
                            connection.abort();
                        }
                    });
                });
    }

    /**
     * The retry as the current policy sees it: unchanged when no reload happened since it was decided;
     * otherwise decided again (the credential injected under the old policy removed first), and null
     * when it is now refused (the client has had its answer).
     */
    private Retry decidedAgain(Exchange exchange, Retry decided) {
        PolicySnapshot now = services.policy().current();
        if (now == decided.policy()) {
            return decided;
        }
        HttpRequest request = decided.request();
        boolean tls = connection.tunnel() != null;
        if (tls) { // only a tunnelled request had a credential injected
            decided.route().auth().ifPresent(auth -> request.headers().remove(auth.header()));
        }
        String method = request.method().name();
        RequestGate.Verdict verdict = RequestGate.decide(request, decided.target(), decided.originForm(), tls, now,
                services.policy().now());
        if (!(answerRefusal(exchange, verdict, decided.target(), method, decided.originForm(), now) instanceof RequestGate.Verdict.Pass pass)) {
            return null;
        }
        connection.record(decided.target(), method, decided.originForm(), true, "allowed", Optional.of(pass.route().key()), now);
        exchange.injected(injected(pass.route(), now));
        return new Retry(request, decided.target(), decided.originForm(), pass.route(), now, decided.key());
    }

    /** The secret value the gate set on a request of this route (only inside a tunnel), or null. */
    private String injected(Route route, PolicySnapshot policy) {
        if (connection.tunnel() == null) {
            return null;
        }
        return route.auth().flatMap(auth -> policy.secrets().value(auth.secretName())).orElse(null);
    }

    private void deny(Exchange exchange, Authority target, String method, String originForm, String reason, String explanation,
            Optional<String> route, PolicySnapshot policy) {
        connection.record(target, method, originForm, false, reason, route, policy);
        exchange.respond(LocalResponses.blocked(target.host(), target.port(), method, originForm, reason, explanation, policy.sha256()));
    }

    /**
     * Answers a request refused on its form ({@link Refusal}) and logs it; nothing goes upstream. When the
     * refusal says so, the connection closes after the answer instead of reading the rest of the request.
     */
    void refuse(Exchange exchange, Authority target, String method, String originForm, Refusal refusal) {
        PolicySnapshot policy = services.policy().current();
        connection.record(target, method, originForm, false, refusal.reason(), Optional.empty(), policy);
        var response = LocalResponses.refused(refusal, target.host(), target.port(), method, originForm, policy.sha256());
        if (refusal.closeConnection()) {
            exchange.respondAndClose(response);
        } else {
            exchange.respond(response);
        }
    }
}
