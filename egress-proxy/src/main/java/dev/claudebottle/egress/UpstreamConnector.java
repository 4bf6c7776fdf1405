package dev.claudebottle.egress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;

/**
 * Opens upstream connections for one client connection: resolves the host (off the event loop),
 * applies the SSRF guard to every address, connects to the addresses it checked (in resolver
 * order, the next one when a TCP connect fails), and for TLS completes a
 * verified handshake (SNI and host-name check = the request's host). The whole of that is bounded
 * by the connect timeout. Callbacks run on the client's event loop.
 */
final class UpstreamConnector {
    /**
     * Per-connection outbound buffer bounds for back-pressure: a side stops reading from the other
     * once 512 KiB wait unsent, and resumes under 128 KiB (room for a few 64 KiB body parts in flight).
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    private final SslContext clientTls;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Executor dns;
    /** Idle connections this connector opened, for the next request to the same destination from any client connection. */
    private final UpstreamPool pool = new UpstreamPool();

    UpstreamConnector(SslContext clientTls, Duration connectTimeout, Duration idleTimeout, Executor dns) {
        this.clientTls = clientTls;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.dns = dns;
    }

    /** The idle connections this connector opened (all verified with its one client TLS context). */
    UpstreamPool pool() {
        return pool;
    }

    /**
     * Connects to {@code target}; the promise fails with {@link UpstreamFailure}. The returned
     * channel has AUTO_READ off and {@code responses} at the end of its pipeline.
     */
    Future<Channel> connect(EventLoop loop, Authority target, boolean tls, boolean allowPrivate, UpstreamHandler responses) {
        Promise<Channel> promise = loop.newPromise();
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            promise.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.CONNECT_TIMEOUT,
                    "upstream " + target + " did not connect" + (tls ? " and complete TLS" : "") + " within "
                            + connectTimeout.toSeconds() + " s"));
        }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        promise.addListener(f -> timeout.cancel(false));
        dns.execute(() -> {
            List<InetAddress> addresses;
            try {
                addresses = AddressGuard.resolve(target.host());
            } catch (UnknownHostException e) {
                promise.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.DNS_FAILED, "cannot resolve upstream host " + target.host()));
                return;
            }
            loop.execute(() -> connectTo(loop, target, addresses, tls, allowPrivate, responses, promise));
        });
        return promise;
    }

    private void connectTo(EventLoop loop, Authority target, List<InetAddress> addresses, boolean tls, boolean allowPrivate,
            UpstreamHandler responses, Promise<Channel> promise) {
        if (promise.isDone()) {
            return;
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (!AddressGuard.isPublic(address)) {
                    promise.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.PRIVATE_ADDRESS, "upstream host " + target.host()
                            + " resolves to the non-public address " + address.getHostAddress()
                            + " and its route does not set allow_private"));
                    return;
                }
            }
        }
        connectToCandidate(loop, target, addresses, 0, tls, responses, promise);
    }

    /** Connects to {@code addresses[index]} (already checked); on a TCP failure tries the next one. */
    private void connectToCandidate(EventLoop loop, Authority target, List<InetAddress> addresses, int index, boolean tls,
            UpstreamHandler responses, Promise<Channel> promise) {
        if (promise.isDone()) {
            return;
        }
        InetSocketAddress checked = new InetSocketAddress(addresses.get(index), target.port());
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls) {
                            SslHandler ssl = clientTls.newHandler(ch.alloc(), target.host(), target.port());
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toSeconds(), TimeUnit.SECONDS));
                        ch.pipeline().addLast("http", new HttpClientCodec(16 * 1024, 64 * 1024, 64 * 1024));
                        ch.pipeline().addLast("responses", responses);
                    }
                });
        ChannelFuture connecting = bootstrap.connect(checked);
        promise.addListener(f -> {
            if (!f.isSuccess()) {
                connecting.channel().close();
            }
        });
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                if (index + 1 < addresses.size()) {
                    connectToCandidate(loop, target, addresses, index + 1, tls, responses, promise);
                } else {
                    promise.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.CONNECT_FAILED, "cannot connect to upstream "
                            + target + " at " + checked.getAddress().getHostAddress() + ": " + describe(f.cause())));
                }
                return;
            }
            Channel ch = f.channel();
            if (!tls) {
                promise.trySuccess(ch);
                return;
            }
            ch.pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    promise.trySuccess(ch);
                } else {
                    String why = h.cause() instanceof SSLHandshakeException ? "TLS verification failed" : "TLS handshake failed";
                    promise.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.TLS_FAILED,
                            "upstream " + target + ": " + why + ": " + describe(h.cause())));
                }
            });
            ch.read(); // the handshake needs reads; AUTO_READ is off
        });
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
