package dev.claudebottle.benchmarks.proxyload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SIGHUP → status confirms: replaces egress-proxy's routes file with a large one (the benchmark's own route first,
 * then {@code count} routes of one host and one path pattern each, about 70 bytes apiece, under the proxy's 1 MiB
 * limit), sends SIGHUP and times until the status file shows the new SHA-256. The file is written in YAML block
 * style (a comment line changes its SHA-256 each time) or as the same policy in JSON (leading spaces change it).
 * {@link #reloadEvery} instead sends SIGHUP at a fixed interval in the background, for throughput under reloads.
 */
final class ReloadTiming {
    private ReloadTiming() {}

    /** Latencies of {@code rounds} reloads, and the size of the file reloaded. */
    record Outcome(Latencies latencies, long bytes) {}

    /** The benchmark's route, as YAML text and as one JSON route object. */
    record BenchRoute(String yaml, String json) {}

    static Outcome measure(long pid, Path routes, Path status, BenchRoute benchRoute, int count, int rounds, boolean json)
            throws Exception {
        String body = json ? json(benchRoute, count) : yaml(benchRoute, count);
        Latencies latencies = new Latencies();
        long bytes = 0;
        for (int i = 0; i < rounds; i++) {
            byte[] text = variant(body, i, json);
            bytes = text.length;
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
            replace(routes, text);
            long t0 = System.nanoTime();
            hangUp(pid);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(status).contains(sha)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("status never showed " + sha + ": " + Files.readString(status));
                }
                Thread.sleep(0, 200_000);
            }
            latencies.add(System.nanoTime() - t0);
            Thread.sleep(200);
        }
        return new Outcome(latencies, bytes);
    }

    /**
     * Rewrites the routes file (alternating two variants, so every reload has work to do) and sends SIGHUP every
     * {@code intervalMillis} until {@code stop} is set; counts the signals sent.
     */
    static Thread reloadEvery(long pid, Path routes, BenchRoute benchRoute, int count, boolean json, long intervalMillis,
            AtomicBoolean stop, AtomicLong sent) {
        String body = json ? json(benchRoute, count) : yaml(benchRoute, count);
        byte[][] variants = {variant(body, 1, json), variant(body, 2, json)};
        Thread t = Thread.ofPlatform().name("reloader").daemon().start(() -> {
            long next = System.nanoTime();
            try {
                for (int i = 0; !stop.get(); i++) {
                    replace(routes, variants[i % 2]);
                    hangUp(pid);
                    sent.incrementAndGet();
                    next += TimeUnit.MILLISECONDS.toNanos(intervalMillis);
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("the background reloader failed", e);
            }
        });
        return t;
    }

    /** The policy as routes.yaml; the benchmark's route is first. */
    static String yaml(BenchRoute benchRoute, int count) {
        StringBuilder text = new StringBuilder(benchRoute.yaml());
        for (int i = 0; i < count; i++) {
            text.append("  - host: svc").append(i).append(".team").append(i % 97).append(".example.com\n")
                    .append("    path_allowlist: [/repos/org").append(i).append("/**]\n");
        }
        return text.toString();
    }

    /** The same policy in JSON, one route per line. */
    static String json(BenchRoute benchRoute, int count) {
        StringBuilder text = new StringBuilder("{\"routes\": [\n  ").append(benchRoute.json());
        for (int i = 0; i < count; i++) {
            text.append(",\n  {\"host\": \"svc").append(i).append(".team").append(i % 97).append(".example.com\", ")
                    .append("\"path_allowlist\": [\"/repos/org").append(i).append("/**\"]}");
        }
        return text.append("\n]}\n").toString();
    }

    private static byte[] variant(String body, int i, boolean json) {
        String text = json ? " ".repeat(i + 1) + body : "# reload " + i + " " + System.nanoTime() + "\n" + body;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void replace(Path routes, byte[] text) throws java.io.IOException {
        Path next = routes.resolveSibling("routes.next");
        Files.write(next, text);
        Files.move(next, routes, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void hangUp(long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -HUP " + pid + " failed");
        }
    }
}
