package dev.claudebottle.egress;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds each client connection's pipeline: connection limit, idle timeout, the request-head
 * deadline, the HTTP/1.1 server codec ({@link ProxyServerCodec}) (with the header and request-line limits), one-message-per-read flow control, and the
 * {@link ClientHandler}. After CONNECT, {@link #switchToTls} puts TLS interception under the codec.
 */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {
    private final ProxyServices services;

    ProxyInitializer(ProxyServices services) {
        this.services = services;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ProxyOptions.Limits limits = services.limits();
        ch.pipeline()
                .addLast("connections", services.connections())
                .addLast("idle", new IdleStateHandler(0, 0, limits.idleTimeout().toSeconds(), TimeUnit.SECONDS))
                .addLast("head-deadline", new RequestHeadDeadline(limits.headerTimeout()))
                .addLast("http", serverCodec(limits))
                .addLast("flow", new FlowControlHandler())
                .addLast("client", new ClientHandler(services));
    }

    static ProxyServerCodec serverCodec(ProxyOptions.Limits limits) {
        return new ProxyServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024));
    }

    /**
     * Replaces the plain codec with TLS interception for {@code target}, then a fresh codec. Bytes
     * the old codec already buffered (an eager ClientHello) are handed to the TLS handler.
     */
    static void switchToTls(ChannelPipeline pipeline, CertificateAuthority ca, Authority target) {
        pipeline.remove("flow");
        pipeline.replace("http", "tls", new InterceptingSniHandler(ca, target));
        ProxyOptions.Limits limits = ((ClientHandler) pipeline.get("client")).limits();
        RequestHeadDeadline deadline = (RequestHeadDeadline) pipeline.remove("head-deadline");
        pipeline.addBefore("client", "head-deadline", new RequestHeadDeadline(deadline.limit()));
        pipeline.addBefore("client", "http", serverCodec(limits));
        pipeline.addBefore("client", "flow", new FlowControlHandler());
    }
}
