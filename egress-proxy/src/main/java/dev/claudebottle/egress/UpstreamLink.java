package dev.claudebottle.egress;

import io.netty.channel.Channel;

/**
 * The one upstream connection a client connection holds at a time, kept alive across its requests:
 * the channel, the scheme and authority it was opened for, and whether its address passed the SSRF
 * guard. Per connection, not per request — the next request reuses it only when {@link #reusableFor} says so.
 * When it is at a clean boundary ({@link #markReusable}: the last response read to its framed end, nothing sent
 * since) and the client connection is done with it, it goes to the {@link UpstreamPool} instead of closing.
 */
final class UpstreamLink {
    private Channel channel;
    private String key;
    /** Whether the upstream's address passed the SSRF guard (false when it was opened under allow_private). */
    private boolean guarded;
    /** Between requests at a clean boundary: may go to the pool. False from the moment a request is sent on it. */
    private boolean reusable;

    /** The open upstream channel, or null. */
    Channel channel() {
        return channel;
    }

    /** Whether {@code from} is the upstream currently held (events from an older one are ignored). */
    boolean is(Channel from) {
        return channel != null && from == channel;
    }

    /**
     * Whether a request for {@code key} ({@code scheme://host:port}) may go over the held connection: it is
     * open, was opened for the same key, and a connection opened under allow_private serves only such a route.
     */
    boolean reusableFor(String key, boolean allowPrivate) {
        return channel != null && channel.isActive() && key.equals(this.key) && (guarded || allowPrivate);
    }

    void attach(Channel channel, String key, boolean allowPrivate) {
        this.channel = channel;
        this.key = key;
        this.guarded = !allowPrivate;
        this.reusable = false;
    }

    /** The pool key of a connection opened for {@code key} ({@code scheme://host:port}) under these guard settings. */
    static UpstreamPool.Key poolKey(String key, boolean allowPrivate) {
        return new UpstreamPool.Key(key, !allowPrivate);
    }

    /** The last response was read to its framed end and both sides keep the connection open. */
    void markReusable() {
        reusable = channel != null && channel.isActive();
    }

    /** A request is about to be sent on the held connection: it is not at a clean boundary until its response ends. */
    void markInUse() {
        reusable = false;
    }

    /** Forgets the upstream (it closed by itself). */
    void forget() {
        channel = null;
        key = null;
        reusable = false;
    }

    /**
     * The client connection is done with the upstream: into {@code pool} when it is at a clean boundary, else closed.
     * Forgotten either way.
     */
    void release(UpstreamPool pool) {
        Channel up = channel;
        boolean clean = reusable && up != null && up.isActive();
        UpstreamPool.Key poolKey = up == null ? null : new UpstreamPool.Key(key, guarded);
        forget();
        if (clean) {
            pool.offer(up, poolKey);
        } else if (up != null) {
            up.close();
        }
    }

    /** Closes and forgets the upstream, if one is held. */
    void close() {
        Channel up = channel;
        forget();
        if (up != null) {
            up.close();
        }
    }
}
