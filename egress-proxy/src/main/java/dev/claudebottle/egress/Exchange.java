package dev.claudebottle.egress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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

/**
 * One request and its response on a client connection: everything that belongs to that request
 * alone — body framing and completion, back-pressure flags, whether anything was sent to the client
 * yet, the credential injected into it, the retry it allows. A new request gets a new exchange
 * ({@link ClientHandler} holds at most one), so nothing of one request can leak into the next by a
 * forgotten reset. Streams the request body to the upstream and the upstream's response back, and
 * writes the proxy's own answers. Every method runs on the client connection's event loop.
 */
final class Exchange {
    private final ClientHandler connection;
    private final ProxyServices services;
    private final Channel client;
    private final boolean headRequest;
    private final boolean expectsContinue;
    /** The request is HTTP/1.1, so the upstream may keep its connection open after answering it. */
    private final boolean persistentRequest;

    private boolean keepAlive;
    private boolean requestComplete;
    private boolean responseComplete;
    private boolean discardBody;
    private boolean upstreamKeepAlive = true;
    /** The upstream's final response was read to its framed end (set on the event loop as it arrives, before it is written out). */
    private boolean upstreamFinished;
    private boolean informational;
    private boolean upstreamReadWaiting;
    private boolean clientReadWaiting;
    /** No response byte has gone to the client in this exchange, so an error response is still possible. */
    private boolean nothingSentYet = true;
    /** Set while a bodyless GET/HEAD runs on a reused upstream: if that upstream closes before answering, send it once more on a new one. */
    private RequestForwarder.Retry retry;
    /** The secret value injected into this request (null: none), kept out of its response headers. */
    private String injectedSecret;

    private Exchange(ClientHandler connection, boolean keepAlive, boolean headRequest, boolean expectsContinue,
            boolean persistentRequest) {
        this.connection = connection;
        this.services = connection.services();
        this.client = connection.client();
        this.keepAlive = keepAlive;
        this.headRequest = headRequest;
        this.expectsContinue = expectsContinue;
        this.persistentRequest = persistentRequest;
    }

    /** The exchange a request head opens. */
    static Exchange of(ClientHandler connection, HttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !connection.services().connections().draining();
        return new Exchange(connection, keepAlive, HttpMethod.HEAD.equals(request.method()), HttpUtil.is100ContinueExpected(request),
                HttpVersion.HTTP_1_1.equals(request.protocolVersion()));
    }

    /** The exchange of a request head that did not arrive in time: the proxy answers it and closes. */
    static Exchange withoutHead(ClientHandler connection) {
        Exchange timedOut = new Exchange(connection, false, false, false, false);
        timedOut.responseComplete = true; // the proxy's answer is all the client gets; nothing from an upstream follows it
        return timedOut;
    }

    boolean responseComplete() {
        return responseComplete;
    }

    /** The upstream's final response has arrived whole; anything more from that upstream is out of turn. */
    boolean upstreamFinished() {
        return upstreamFinished;
    }

    /** The connection closes once this exchange ends (a drain began, or what follows cannot be trusted). */
    void closeAfterwards() {
        keepAlive = false;
    }

    void retryOnNewUpstream(RequestForwarder.Retry retry) {
        this.retry = retry;
    }

    void injected(String secret) {
        this.injectedSecret = secret;
    }

    /** One part of the request body from the client: forwarded, or dropped when the proxy answers this request itself. */
    void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (content.decoderResult().isFailure() && !discardBody) {
            // a malformed chunk: the upstream must never see this request end, so no terminating chunk goes out
            Throwable cause = content.decoderResult().cause();
            content.release();
            connection.closeUpstream();
            if (nothingSentYet && client.isActive()) {
                rejectMalformed(cause);
            } else {
                connection.abort();
            }
            return;
        }
        if (discardBody) {
            content.release();
            if (last) {
                requestComplete = true;
                finishIfDone();
            } else {
                connection.readClient();
            }
            return;
        }
        Channel up = connection.upstream().channel();
        if (up == null || !up.isActive()) {
            content.release();
            connection.abort();
            return;
        }
        if (last && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
            content = new DefaultLastHttpContent(content.content()); // request trailers are never forwarded
        }
        up.writeAndFlush(content).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.abort();
            } else if (last) {
                requestComplete = true;
                finishIfDone();
            }
        });
        if (!last) {
            // back-pressure, request direction: the next body part is read only while upstream keeps up
            if (up.isWritable()) {
                connection.readClient();
            } else {
                clientReadWaiting = true;
            }
        }
    }

    /** One part of the upstream's response (from the current upstream, before the response completed). */
    void onUpstreamPart(Channel from, HttpObject part) {
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
        if (finalLast) {
            upstreamFinished = true;
        }
        if (part instanceof LastHttpContent && informational) {
            informational = false;
        }
        // flushed when the upstream read completes: one flush per upstream read, not per part
        client.write(part).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.abort();
            } else if (finalLast) {
                responseComplete = true;
                finishIfDone();
            }
        });
        if (!finalLast) {
            // back-pressure, response direction: read on only while the client's outbound buffer is under its high-water mark
            if (client.isWritable()) {
                from.read();
            } else {
                upstreamReadWaiting = true;
            }
        }
    }

    /** The client drained its outbound buffer: read the next response part if one is owed. */
    void onClientWritable() {
        if (upstreamReadWaiting) {
            upstreamReadWaiting = false;
            Channel up = connection.upstream().channel();
            if (up != null) {
                up.read();
            }
        }
    }

    /** The upstream drained its outbound buffer: the client may send more of the request body. */
    void onUpstreamWritable() {
        if (clientReadWaiting) {
            clientReadWaiting = false;
            connection.readClient();
        }
    }

    private void prepareResponse(HttpResponse response) {
        HttpHeaders headers = response.headers();
        int code = response.status().code();
        boolean mayHaveBody = !headRequest && code != 204 && code != 304;
        // the connection may carry another request only when this response's end is known from its framing
        boolean framed = !mayHaveBody || HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response);
        upstreamKeepAlive = HttpUtil.isKeepAlive(response) && persistentRequest && framed && code != 101;
        HopByHop.strip(headers);
        if (!framed) {
            HttpUtil.setTransferEncodingChunked(response, true); // body delimited by close upstream; keep the client connection usable
        }
        if (!keepAlive || services.connections().draining()) {
            keepAlive = false;
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** The upstream closed by itself (the connection already forgot it): send again, answer 502, or give up. */
    void onUpstreamClosed(RequestForwarder forwarder) {
        if (responseComplete || upstreamFinished) {
            if (!responseComplete) {
                client.flush(); // the response's end arrived with the close: no read-complete will flush it
            }
            return;
        }
        if (retry != null && nothingSentYet && requestComplete && !discardBody) {
            RequestForwarder.Retry again = retry;
            retry = null;
            forwarder.resend(this, again);
        } else if (!discardBody && !informational && client.isActive() && nothingSentYet) {
            respondError(HttpResponseStatus.BAD_GATEWAY, "upstream-closed", "the upstream closed the connection before responding");
        } else {
            connection.abort();
        }
    }

    /** The current upstream sent nothing for the idle timeout (the caller closes it). */
    void onUpstreamIdle() {
        if (!responseComplete && nothingSentYet) {
            respondError(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream-idle-timeout", "the upstream sent nothing for "
                    + services.limits().idleTimeout().toSeconds() + " s");
        }
    }

    private void finishIfDone() {
        if (!requestComplete || !responseComplete) {
            return;
        }
        if (!upstreamKeepAlive) {
            connection.closeUpstream();
        } else if (connection.upstream().channel() != null) {
            if (upstreamFinished) {
                connection.upstream().markReusable();
            }
            connection.upstream().channel().read(); // notice an upstream close while idle
        }
        connection.exchangeEnded(this, keepAlive && !services.connections().draining());
    }

    void respondError(HttpResponseStatus status, String code, String message) {
        respond(LocalResponses.error(status, code, message));
    }

    /** Writes a response of our own, then drops the rest of the request body and carries on with the next request. */
    void respond(FullHttpResponse response) {
        discardBody = true;
        nothingSentYet = false;
        // a client that sent "Expect: 100-continue" may never send the body; do not wait for it
        boolean closeNow = expectsContinue && !requestComplete;
        if (closeNow) {
            keepAlive = false;
        }
        if (!keepAlive || services.connections().draining()) {
            keepAlive = false;
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        client.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.abort();
                return;
            }
            responseComplete = true;
            if (closeNow) {
                connection.abort();
            } else if (requestComplete) {
                finishIfDone();
            } else {
                connection.readClient();
            }
        });
    }

    /** Writes a response of our own and closes the connection after it, reading nothing more. */
    void respondAndClose(FullHttpResponse response) {
        keepAlive = false;
        discardBody = true;
        nothingSentYet = false;
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Answers a request the codec could not decode, and closes: what follows cannot be trusted to be HTTP. */
    void rejectMalformed(Throwable cause) {
        FullHttpResponse response = LocalResponses.forDecodeFailure(cause, services.limits());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
