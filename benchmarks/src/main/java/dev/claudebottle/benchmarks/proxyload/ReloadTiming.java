package dev.claudebottle.benchmarks.proxyload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * SIGHUP → status confirms: replaces egress-proxy's routes file with a large one (the benchmark's own route first,
 * then {@code count} routes of one host and one path pattern each, about 70 bytes apiece, under the proxy's 1 MiB
 * limit; a comment line changes its SHA-256 each time), sends SIGHUP and times until
 * the status file shows the new SHA-256.
 */
final class ReloadTiming {
    private ReloadTiming() {}

    /** Latencies of {@code rounds} reloads, and the size of the file reloaded. */
    record Outcome(Latencies latencies, long bytes) {}

    static Outcome measure(long pid, Path routes, Path status, String benchRoute, int count, int rounds) throws Exception {
        StringBuilder routesText = new StringBuilder(benchRoute);
        for (int i = 0; i < count; i++) {
            routesText.append("  - host: svc").append(i).append(".team").append(i % 97).append(".example.com\n")
                    .append("    path_allowlist: [/repos/org").append(i).append("/**]\n");
        }
        String body = routesText.toString();
        Latencies latencies = new Latencies();
        long bytes = 0;
        for (int i = 0; i < rounds; i++) {
            byte[] text = ("# reload " + i + " " + System.nanoTime() + "\n" + body).getBytes(StandardCharsets.UTF_8);
            bytes = text.length;
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
            Path next = routes.resolveSibling("routes.next");
            Files.write(next, text);
            Files.move(next, routes, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long t0 = System.nanoTime();
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -HUP " + pid + " failed");
            }
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
}
