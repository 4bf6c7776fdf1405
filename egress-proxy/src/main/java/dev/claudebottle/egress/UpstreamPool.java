package dev.claudebottle.egress;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle upstream connections shared across client connections, so a client that opens a new connection per request
 * does not cost a new upstream TCP+TLS handshake each time. Only the transport is shared: every request is still
 * decided on its own before it may take a connection from here, and a connection enters only at a clean boundary —
 * the previous response read to its framed end, the request fully written, neither side asking to close.
 *
 * <p>A connection is filed under a {@link Key} holding everything that made it: scheme, host (also its SNI and the
 * name its certificate was verified for), port, and whether its addresses passed the SSRF guard. The trust
 * configuration is the one {@link UpstreamConnector} holds for the process, so it is the same for every key. Each
 * connection is bound to one event loop, and so is its slot here: a client connection takes only connections of its
 * own loop (no thread hand-over, no locks). Bounded to {@link #MAX_PER_KEY} per key and loop and {@link #MAX_TOTAL}
 * in all; a connection idle for {@link #IDLE_TIMEOUT} is closed, and one the upstream closes (or half-closes, or
 * sends anything) while idle leaves the pool and is closed. {@code -Degress.upstream.pool.max-idle=0} turns it off.
 */
final class UpstreamPool {
    /** Idle connections kept per key on one event loop. */
    static final int MAX_PER_KEY = 32;
    /** Idle connections kept in all, unless {@code -Degress.upstream.pool.max-idle=N} says otherwise (0: no pool). */
    static final int MAX_TOTAL = Integer.getInteger("egress.upstream.pool.max-idle", 256);
    /** How long a connection may wait idle here before it is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What an upstream connection was opened for: {@code destination} is {@code scheme://host:port} (the host also
     * being the SNI and the verified name), {@code guarded} whether its addresses passed the SSRF guard (false: it was
     * opened under {@code allow_private}).
     */
    record Key(String destination, boolean guarded) {}

    private final Map<EventExecutor, Map<Key, ArrayDeque<Idle>>> byLoop = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final int maxPerKey;
    private final int maxTotal;
    private final Duration idleTimeout;

    UpstreamPool() {
        this(MAX_PER_KEY, MAX_TOTAL, IDLE_TIMEOUT);
    }

    UpstreamPool(int maxPerKey, int maxTotal, Duration idleTimeout) {
        this.maxPerKey = maxPerKey;
        this.maxTotal = maxTotal;
        this.idleTimeout = idleTimeout;
    }

    /** Idle connections held in all (for tests and the docs' bounds). */
    int size() {
        return total.get();
    }

    /**
     * Takes an idle connection for {@code key} on {@code loop} (the most recently returned one), or null. Runs on
     * {@code loop}; the caller binds the connection's {@link UpstreamHandler} to its client connection.
     */
    Channel take(EventLoop loop, Key key) {
        Map<Key, ArrayDeque<Idle>> slots = byLoop.get(loop);
        ArrayDeque<Idle> idle = slots == null ? null : slots.get(key);
        while (idle != null && !idle.isEmpty()) {
            Idle candidate = idle.pollLast();
            candidate.leave();
            if (idle.isEmpty()) {
                slots.remove(key); // no empty slot per destination ever seen stays behind
            }
            if (candidate.channel.isActive()) {
                return candidate.channel;
            }
            candidate.channel.close();
        }
        return null;
    }

    /**
     * Files an upstream connection that is at a clean boundary (the caller checked) under {@code key}, or closes it
     * when it is not open any more or the pool is full. Runs on the connection's event loop.
     */
    void offer(Channel channel, Key key) {
        UpstreamHandler handler = channel.pipeline().get(UpstreamHandler.class);
        Map<Key, ArrayDeque<Idle>> slots = byLoop.computeIfAbsent(channel.eventLoop(), loop -> new HashMap<>());
        ArrayDeque<Idle> idle = slots.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (!channel.isActive() || handler == null || idle.size() >= maxPerKey || !reserve()) {
            if (idle.isEmpty()) {
                slots.remove(key);
            }
            channel.close();
            return;
        }
        Idle entry = new Idle(channel, slots, key, idle);
        idle.addLast(entry);
        handler.park(entry);
        channel.read(); // notice the upstream closing (or talking out of turn) while idle
    }

    private boolean reserve() {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        return true;
    }

    /** One idle connection in its slot; leaves it when taken, timed out, or closed. */
    final class Idle {
        private final Channel channel;
        private final Map<Key, ArrayDeque<Idle>> slots;
        private final Key key;
        private final ArrayDeque<Idle> slot;
        private final ScheduledFuture<?> expiry;
        private boolean present = true;

        private Idle(Channel channel, Map<Key, ArrayDeque<Idle>> slots, Key key, ArrayDeque<Idle> slot) {
            this.channel = channel;
            this.slots = slots;
            this.key = key;
            this.slot = slot;
            this.expiry = channel.eventLoop().schedule(this::evict, idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Leaves the pool without closing (taken). */
        private void leave() {
            if (present) {
                present = false;
                total.decrementAndGet();
                expiry.cancel(false);
            }
        }

        /** Leaves the pool and closes the connection (idle too long, closed by the upstream, or spoke out of turn). */
        void evict() {
            if (present) {
                slot.remove(this);
                if (slot.isEmpty() && slots.get(key) == slot) {
                    slots.remove(key);
                }
                leave();
            }
            channel.close();
        }
    }
}
