package dev.claudebottle.benchmarks.proxyload;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The four workloads, each run for a warm-up and then a measured window against one target. */
final class Workloads {
    static final String HOST = "localhost";

    private final int upstreamPort;
    private final Duration warmup;
    private final Duration measure;

    Workloads(int upstreamPort, Duration warmup, Duration measure) {
        this.upstreamPort = upstreamPort;
        this.warmup = warmup;
        this.measure = measure;
    }

    /** Many clients, each sending small requests back to back on one intercepted keep-alive connection. */
    Result keepAliveSmall(Target target, int connections, String prefix) throws Exception {
        return run(prefix + "keep-alive small requests (" + connections + " connections)", target, connections, false,
                () -> new KeepAliveLoop(target, "/small"), "req/s");
    }

    /**
     * Keep-alive small requests paced at {@code totalRate} per second over {@code connections}; each latency runs from the
     * request's scheduled start, so a stalled proxy is charged for the requests it delayed.
     */
    Result pacedKeepAlive(Target target, int connections, double totalRate) throws Exception {
        long interval = (long) (connections * 1e9 / Math.max(1, totalRate));
        return run(String.format(java.util.Locale.ROOT, "p99 at half peak: keep-alive small requests paced at half of each target's peak (%d connections)",
                connections), target, connections, false, () -> new ClosableStep() {
                    private final KeepAliveLoop loop = new KeepAliveLoop(target, "/small");
                    private long next = System.nanoTime();

                    @Override
                    public long once(Latencies ignored) throws Exception {
                        next += interval;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        return loop.once(ignored);
                    }

                    @Override
                    public long scheduledStart() {
                        return next;
                    }

                    @Override
                    public void close() throws IOException {
                        loop.close();
                    }
                }, "req/s");
    }

    /** Each request on a fresh TCP connection, CONNECT and TLS handshake (the client resumes no sessions). */
    Result newConnectionPerRequest(Target target, int concurrency) throws Exception {
        return run("new TLS connection per request (" + concurrency + " concurrent)", target, concurrency, false, () -> latency -> {
            try (HttpsConnection c = HttpsConnection.open(target, HOST, upstreamPort)) {
                c.get(HOST, upstreamPort, "/small");
            }
            return 1;
        }, "req/s");
    }

    /** Concurrent large downloads on keep-alive connections; throughput in MiB/s, latency per whole download. */
    Result largeDownload(Target target, int concurrency, long bytes) throws Exception {
        return run("large download " + (bytes >> 20) + " MiB (" + concurrency + " concurrent)", target, concurrency, true,
                () -> new KeepAliveLoop(target, "/large/" + bytes), "MiB/s");
    }

    /** Holds {@code idle} kept-alive intercepted connections open while {@code active} clients send small requests. */
    Result idleConnections(Target target, int idle, int active) throws Exception {
        List<HttpsConnection> held = new ArrayList<>();
        try (ExecutorService opener = Executors.newFixedThreadPool(8)) {
            List<Future<HttpsConnection>> opening = new ArrayList<>();
            for (int i = 0; i < idle; i++) {
                opening.add(opener.submit(() -> {
                    HttpsConnection c = HttpsConnection.open(target, HOST, upstreamPort);
                    c.get(HOST, upstreamPort, "/small");
                    return c;
                }));
            }
            for (Future<HttpsConnection> f : opening) {
                held.add(f.get());
            }
        }
        try {
            return run(idle + " idle keep-alive connections held + " + active + " active", target, active, false,
                    () -> new KeepAliveLoop(target, "/small"), "req/s");
        } finally {
            for (HttpsConnection c : held) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a benchmark connection that already broke changes nothing
                }
            }
        }
    }

    /** One client's work: one unit per call (returns bytes for downloads, 1 otherwise). */
    interface Step {
        long once(Latencies ignored) throws Exception;

        /** When the request now starting was due (paced steps), or 0 to time from the call. */
        default long scheduledStart() {
            return 0;
        }
    }

    private interface ClosableStep extends Step, AutoCloseable {}

    interface StepFactory {
        Step create() throws Exception;
    }

    private final class KeepAliveLoop implements Step, AutoCloseable {
        private final Target target;
        private final String path;
        private HttpsConnection connection;

        KeepAliveLoop(Target target, String path) {
            this.target = target;
            this.path = path;
        }

        @Override
        public long once(Latencies ignored) throws Exception {
            if (connection == null) {
                connection = HttpsConnection.open(target, HOST, upstreamPort);
            }
            try {
                return connection.get(HOST, upstreamPort, path);
            } catch (IOException e) {
                connection.close();
                connection = null;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private Result run(String name, Target target, int clients, boolean bytesThroughput, StepFactory factory, String unit)
            throws Exception {
        phase(clients, factory, warmup, null, null, null, null);
        Latencies latencies = new Latencies();
        AtomicLong units = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        double cpuBefore = ProcessMeter.cpuSeconds(target.pid());
        long start = System.nanoTime();
        phase(clients, factory, measure, latencies, units, errors, firstError);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcessMeter.cpuSeconds(target.pid()) - cpuBefore;
        double rss = ProcessMeter.rssMiB(target.pid());
        double peak = ProcessMeter.peakRssMiB(target.pid());
        double throughput = bytesThroughput ? units.get() / 1048576.0 / seconds : latencies.size() / seconds;
        return new Result(name, target.name(), latencies.size(), errors.get(), seconds, throughput, unit, latencies.millis(0.50),
                latencies.millis(0.99), latencies.millis(0.999), rss, peak, cpu / seconds * 100, firstError.get(),
                ProcessMeter.loadAverage());
    }

    private static void phase(int clients, StepFactory factory, Duration length, Latencies all, AtomicLong units, AtomicLong errors,
            AtomicReference<String> firstError) throws Exception {
        long deadline = System.nanoTime() + length.toNanos();
        List<Future<Latencies>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    Latencies mine = new Latencies();
                    Step step = factory.create();
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            long n = step.once(mine);
                            long due = step.scheduledStart();
                            mine.add(System.nanoTime() - (due != 0 ? due : t0));
                            if (units != null) {
                                units.addAndGet(n);
                            }
                        } catch (Exception e) {
                            if (errors != null) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, e.toString());
                            }
                            Thread.sleep(10);
                        }
                    }
                    if (step instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                    return mine;
                }));
            }
            for (Future<Latencies> f : futures) {
                Latencies mine = f.get();
                if (all != null) {
                    all.addAll(mine);
                }
            }
        }
    }
}
