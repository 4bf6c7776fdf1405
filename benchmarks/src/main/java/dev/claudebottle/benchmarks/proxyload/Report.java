package dev.claudebottle.benchmarks.proxyload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The harness's Markdown report: its header (what ran, how), start-up, one table per workload, reloads. */
final class Report {
    private final String command;
    private final int seconds;
    private final int warmup;
    private final int rounds;
    private final String loadAtStart = ProcessMeter.loadAverage();
    private final List<String> starts = new ArrayList<>();
    private final List<String> reloads = new ArrayList<>();
    private final List<String> settled = new ArrayList<>();
    private final StringBuilder tables = new StringBuilder();
    private String upstream = "?";
    private String client = "?";
    private String currentWorkload;

    Report(String command, int seconds, int warmup, int rounds) {
        this.command = command;
        this.seconds = seconds;
        this.warmup = warmup;
        this.rounds = rounds;
    }

    void describe(String upstreamDescription, String clientDescription) {
        this.upstream = upstreamDescription;
        this.client = clientDescription;
    }

    void start(String target, double startMillis, double rssMiB) {
        starts.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f |", target, startMillis, rssMiB));
    }

    /** A proxy's RSS after all the load workloads, their connections closed (before the reload rows). */
    void settled(String target, double rssMiB) {
        settled.add(String.format(Locale.ROOT, "| %s | %.0f |", target, rssMiB));
    }

    void reload(String format, ReloadTiming.Outcome o) {
        String row = String.format(Locale.ROOT, "| egress-proxy | %s | %d | %.0f KB | %.1f | %.1f | %.1f |", format, o.latencies().size(),
                o.bytes() / 1000.0, o.latencies().millis(0.5), o.latencies().millis(0.9), o.latencies().millis(1.0));
        System.out.println("reload " + row);
        reloads.add(row);
    }

    /** One row per target (in the map's order) under the workload's heading. */
    void cells(Map<String, Rounds> byTarget) {
        for (Rounds cell : byTarget.values()) {
            Result r = cell.median();
            if (!r.workload().equals(currentWorkload)) {
                currentWorkload = r.workload();
                tables.append("\n## ").append(currentWorkload).append("\n\n");
                tables.append("| target | throughput (median round) | min–max of ").append(cell.count()).append(" | p50 ms | p99 ms | p99.9 ms "
                        + "| requests | errors (all rounds) | proxy RSS MiB (peak) | proxy CPU % | load avg |\n");
                tables.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            }
            tables.append(String.format(Locale.ROOT, "| %s | %.1f %s | %.1f–%.1f | %.2f | %.2f | %.2f | %d | %d | %s | %s | %s |%n",
                    r.target(), r.throughput(), r.unit(), cell.min(), cell.max(), r.p50Millis(), r.p99Millis(), r.p999Millis(),
                    r.requests(), cell.errors(),
                    Double.isNaN(r.rssMiB()) ? "—" : String.format(Locale.ROOT, "%.0f (%.0f)", r.rssMiB(), r.peakRssMiB()),
                    Double.isNaN(r.cpuPercent()) ? "—" : String.format(Locale.ROOT, "%.0f", r.cpuPercent()), r.loadAverage()));
            if (cell.firstError() != null) {
                tables.append("\nfirst error (").append(r.target()).append("): `").append(cell.firstError()).append("`\n\n");
            }
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(command).append("`\n\n");
        md.append("# egress-proxy load: egress-proxy vs Squid ssl-bump vs mitmdump vs direct\n\n");
        md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs (shared by the load client, the upstream and the proxies), ").append(System.getProperty("java.vm.name")).append(' ')
                .append(Runtime.version()).append(" for the harness; ").append(firstLine("/usr/bin/mitmdump", "--version")).append("; ")
                .append(firstLine(SquidBump.SQUID.toString(), "-v")).append("; 1-minute load average ").append(loadAtStart)
                .append(" at the start, ").append(ProcessMeter.loadAverage()).append(" at the end.\n\n");
        md.append("Upstream: ").append(upstream).append(" on 127.0.0.1. Client: ").append(client).append(". The client verifies "
                + "every certificate (chain to the upstream's CA or the proxy's, and the host name) and sends `Authorization: Bearer "
                + "agent-fake`, which every proxy overwrites with the injected token (the upstream answers 401 otherwise); it checks "
                + "the status (200) and the body length of every answer. All proxies intercept TLS, decide by the same allowlist "
                + "(host, port, path, GET) and inject the header; egress-proxy also writes its decision log to a file.\n\n");
        md.append("Each cell is the **median of ").append(rounds).append(" rounds** of ").append(seconds).append(" s (by throughput; "
                + "its latencies, RSS and CPU are that round's; min–max is the throughput range; errors are all rounds'): per workload "
                + "each target is first warmed up for ").append(warmup).append(" s, then the rounds run interleaved across the targets "
                + "(A B C D A B C D …), so a neighbour's burst on the shared machine hits one round, not one target. The cold row "
                + "starts each target afresh for every round and measures from its first request. Latency is per request (per "
                + "whole download for the download workload). RSS is the proxy process after the median round; CPU is the proxy "
                + "process's user+system time over that round as percent of one core. egress-proxy runs with the JVM options of "
                + "bin/egress-proxy plus EGRESS_PROXY_JAVA_OPTS=`").append(System.getenv().getOrDefault("EGRESS_PROXY_JAVA_OPTS", ""))
                .append("`. The half-peak row paces each target at half its own median keep-alive peak and times each request from "
                        + "its scheduled start (no coordinated omission). The reload rows run once.\n\n");
        md.append("## start\n\n| target | start → listening ms | RSS MiB 1 s after listening (idle) |\n|---|---:|---:|\n");
        starts.forEach(row -> md.append(row).append('\n'));
        md.append(tables);
        if (!settled.isEmpty()) {
            md.append("\n## RSS after the whole benchmark: every load workload above done, connections closed, 3 s later\n\n")
                    .append("| target | RSS MiB |\n|---|---:|\n");
            settled.forEach(r -> md.append(r).append('\n'));
        }
        if (!reloads.isEmpty()) {
            md.append("\n## reload of a 10,000-route file: SIGHUP → status shows its SHA-256\n\n")
                    .append("| target | format | reloads | file | p50 ms | p90 ms | max ms |\n|---|---|---:|---:|---:|---:|---:|\n");
            reloads.forEach(r -> md.append(r).append('\n'));
        }
        return md.toString();
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text.lines().findFirst().orElse("?").trim();
        } catch (IOException | InterruptedException e) {
            return "unknown version";
        }
    }
}
