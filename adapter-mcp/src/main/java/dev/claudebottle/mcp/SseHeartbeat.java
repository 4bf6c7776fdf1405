package dev.claudebottle.mcp;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Writes an SSE comment on every open event stream at a fixed interval, so an idle stream is
 * never taken for dead by the client (Node's fetch gives up on a body silent for 300 s) or by
 * a proxy in between. Ends for a stream as soon as writing to it fails. One timer thread (a daemon)
 * serves every stream of the server; {@link #close} stops it.
 */
final class SseHeartbeat implements AutoCloseable {
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "mcp-sse-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
    private final Duration every;

    SseHeartbeat(Duration every) {
        this.every = every;
    }

    /** @param comment writes one keep-alive comment on the stream; false once the stream is gone (then it is not called again) */
    void keepAlive(BooleanSupplier comment) {
        var task = new AtomicReference<ScheduledFuture<?>>();
        task.set(timer.scheduleAtFixedRate(() -> {
            if (!comment.getAsBoolean()) {
                task.get().cancel(false);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
