package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UpstreamPool} over real sockets on one real event loop: its bounds per key and in total, its keys (destination
 * and SSRF-guard state both count), its idle timeout, and that a connection the upstream closes or talks on while idle
 * leaves the pool closed.
 */
class UpstreamPoolTest {
    static final UpstreamPool.Key A = new UpstreamPool.Key("https://a.example:443", true);
    static final UpstreamPool.Key B = new UpstreamPool.Key("https://b.example:443", true);

    MultiThreadIoEventLoopGroup group;
    EventLoop loop;
    ServerSocket server;
    final List<Socket> accepted = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    /** A connected channel on the loop, AUTO_READ off, with a parkable UpstreamHandler as the proxy's upstream channels have. */
    private Channel connect() throws Exception {
        Channel ch = new Bootstrap().group(loop).channel(NioSocketChannel.class).option(ChannelOption.AUTO_READ, false)
                .handler(new UpstreamHandler(null)).connect(server.getLocalSocketAddress()).sync().channel();
        accepted.add(server.accept());
        return ch;
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    /** The pool's size once the loop has handled the close (Netty fires channelInactive a task after the close future). */
    private int sizeSettled(UpstreamPool pool) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (onLoop(pool::size) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return onLoop(pool::size);
    }

    private void offer(UpstreamPool pool, Channel ch, UpstreamPool.Key key) throws Exception {
        onLoop(() -> {
            pool.offer(ch, key);
            return null;
        });
    }

    @Test
    void boundedPerKeyAndInTotalTheExtraConnectionsClosed() throws Exception {
        UpstreamPool pool = new UpstreamPool(2, 3, Duration.ofMinutes(1));
        Channel a1 = connect(), a2 = connect(), a3 = connect(), b1 = connect(), b2 = connect();
        offer(pool, a1, A);
        offer(pool, a2, A);
        offer(pool, a3, A); // over the per-key bound
        offer(pool, b1, B);
        offer(pool, b2, B); // over the total bound
        assertThat(a3.closeFuture().await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(b2.closeFuture().await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop(pool::size)).isEqualTo(3);
        assertThat(a1.isActive() && a2.isActive() && b1.isActive()).isTrue();
    }

    @Test
    void takesOnlyForTheSameKeyTheMostRecentFirst() throws Exception {
        UpstreamPool pool = new UpstreamPool();
        Channel a1 = connect(), a2 = connect();
        offer(pool, a1, A);
        offer(pool, a2, A);
        assertThat(onLoop(() -> pool.take(loop, B))).isNull();
        assertThat(onLoop(() -> pool.take(loop, new UpstreamPool.Key(A.destination(), false)))).isNull(); // opened under allow_private
        assertThat(onLoop(() -> pool.take(loop, new UpstreamPool.Key("http://a.example:443", true)))).isNull(); // other scheme
        assertThat(onLoop(() -> pool.take(loop, A))).isSameAs(a2);
        assertThat(onLoop(() -> pool.take(loop, A))).isSameAs(a1);
        assertThat(onLoop(() -> pool.take(loop, A))).isNull();
        assertThat(sizeSettled(pool)).isZero();
        assertThat(a1.isActive()).isTrue(); // taken, not closed
    }

    @Test
    void aConnectionIdleForTheTimeoutIsClosed() throws Exception {
        UpstreamPool pool = new UpstreamPool(4, 4, Duration.ofMillis(200));
        Channel a = connect();
        offer(pool, a, A);
        assertThat(a.closeFuture().await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(sizeSettled(pool)).isZero();
        assertThat(onLoop(() -> pool.take(loop, A))).isNull();
    }

    @Test
    void aConnectionTheUpstreamClosesWhileIdleLeavesThePool() throws Exception {
        UpstreamPool pool = new UpstreamPool();
        Channel a = connect();
        offer(pool, a, A);
        accepted.get(0).shutdownOutput(); // a half close is enough
        assertThat(a.closeFuture().await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(sizeSettled(pool)).isZero();
    }

    @Test
    void aConnectionTheUpstreamTalksOnWhileIdleIsClosedNotLent() throws Exception {
        UpstreamPool pool = new UpstreamPool();
        Channel a = connect();
        offer(pool, a, A);
        OutputStream out = accepted.get(0).getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale".getBytes());
        out.flush();
        assertThat(a.closeFuture().await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(sizeSettled(pool)).isZero();
        assertThat(onLoop(() -> pool.take(loop, A))).isNull();
    }

    @Test
    void aClosedConnectionIsNeverFiled() throws Exception {
        UpstreamPool pool = new UpstreamPool();
        Channel a = connect();
        a.close().sync();
        offer(pool, a, A);
        assertThat(sizeSettled(pool)).isZero();
    }
}
