package dev.claudebottle.egress;

import io.netty.channel.Channel;

/**
 * The one upstream connection a client connection holds at a time, kept alive across its requests:
 * the channel, the scheme and authority it was opened for, and whether its address passed the SSRF
 * guard. Per connection, not per request — the next request reuses it only when {@link #reusableFor} says so.
 */
final class UpstreamLink {
    private Channel channel;
    private String key;
    /** Whether the upstream's address passed the SSRF guard (false when it was opened under allow_private). */
    private boolean guarded;

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
    }

    /** Forgets the upstream (it closed by itself). */
    void forget() {
        channel = null;
        key = null;
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
