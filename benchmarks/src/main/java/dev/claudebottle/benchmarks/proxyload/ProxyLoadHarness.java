package dev.claudebottle.benchmarks.proxyload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the same workloads through egress-proxy, Squid with ssl-bump, mitmdump and directly to the upstream, side by
 * side in one run, and writes a Markdown report ({@link Report}). The upstream is nginx ({@link NginxUpstream}) or, when
 * nginx is absent or {@code --upstream jdk} is given, the JDK server ({@link BenchUpstream}); the load client is the Go
 * client ({@link GoLoadClient}) or, with {@code --client java}, the original in-JVM one ({@link JavaLoadClient}).
 *
 * <p>Every cell is the median of {@code --rounds} (default 3) measured rounds: per workload, each target is warmed up
 * once, then the rounds run interleaved across the targets (A B C D A B C D A B C D). The cold row starts every target
 * afresh for each of its rounds and measures from the first request. The reload workloads run once, as before.
 *
 * <p>Usage: {@code ProxyLoadHarness --repo DIR --out FILE [--seconds N] [--warmup N] [--rounds N] [--client go|java]
 * [--upstream nginx|jdk] [--workloads cold,keepalive,halfpeak,newconn,download,idle,reload,reload-json,reload-load]
 * [--targets egress-proxy,squid,mitmdump,direct] [--command TEXT]}
 */
public final class ProxyLoadHarness {
    private static final long LARGE = 64L << 20;

    private ProxyLoadHarness() {}

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(".");
        Path out = Path.of("benchmarks/results/egress-proxy-load.md");
        int seconds = 10;
        int warmup = 3;
        int rounds = 3;
        String clientName = "go";
        String upstreamName = "nginx";
        String command = String.join(" ", args);
        List<String> selected = List.of("cold", "keepalive", "halfpeak", "newconn", "download", "idle", "reload", "reload-json",
                "reload-load");
        List<String> names = List.of("egress-proxy", "squid", "mitmdump", "direct");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--client" -> clientName = args[i + 1];
                case "--upstream" -> upstreamName = args[i + 1];
                case "--command" -> command = args[i + 1];
                case "--workloads" -> selected = List.of(args[i + 1].split(","));
                case "--targets" -> names = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (rounds < 1 || !List.of("go", "java").contains(clientName) || !List.of("nginx", "jdk").contains(upstreamName)) {
            throw new IllegalArgumentException("--rounds ≥ 1, --client go|java, --upstream nginx|jdk");
        }
        Report report = new Report(command, seconds, warmup, rounds);
        Path work = Files.createTempDirectory("proxy-load");
        // Squid and nginx drop root for their own users, which must reach their files under here
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Upstream upstream = upstreamName.equals("nginx") && NginxUpstream.available()
                ? NginxUpstream.start(work.resolve("nginx"), LARGE) : new BenchUpstream()) {
            if (upstreamName.equals("nginx") && upstream instanceof BenchUpstream) {
                System.out.println("nginx not found at " + NginxUpstream.NGINX + "; falling back to the JDK upstream");
            }
            Path upstreamCa = work.resolve("upstream-ca.pem");
            Files.writeString(upstreamCa, upstream.caPem());
            LoadClient client = clientName.equals("go")
                    ? new GoLoadClient(GoLoadClient.build(repo.resolve("benchmarks/proxy-load/loadclient")), upstream.port())
                    : new JavaLoadClient(upstream.port());
            report.describe(upstream.description(), client.description());
            System.out.println("upstream: " + upstream.description() + "\nclient: " + client.description());
            TargetLauncher launcher = new TargetLauncher(repo, upstream.port(), upstreamCa);
            try {
                new ProxyLoadHarness.Run(launcher, client, report, work, upstream.port(), Duration.ofSeconds(warmup),
                        Duration.ofSeconds(seconds), rounds).all(names, selected);
            } finally {
                launcher.stopAll();
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.markdown());
        System.out.println("wrote " + out);
        // after a run that completed, its directory (CA keys, configurations, logs, the large file) goes; a failed
        // run keeps it for its logs
        deleteTree(work);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One harness run's state: the started targets, the client, the report being filled. */
    private record Run(TargetLauncher launcher, LoadClient client, Report report, Path work, int upstreamPort, Duration warmup,
            Duration measure, int rounds) {

        void all(List<String> names, List<String> selected) throws Exception {
            if (selected.contains("cold")) {
                cold(names);
            }
            List<TargetLauncher.Launched> started = new ArrayList<>();
            for (String name : names) {
                long t0 = System.nanoTime();
                TargetLauncher.Launched l = launcher.start(name, work.resolve(name));
                double startMillis = (System.nanoTime() - t0) / 1e6;
                if (l.target().pid() > 0) {
                    Thread.sleep(1000);
                    report.start(name, startMillis, ProcessMeter.rssMiB(l.target().pid()));
                }
                started.add(l);
            }
            List<Target> targets = started.stream().map(TargetLauncher.Launched::target).toList();
            if (selected.contains("keepalive") || selected.contains("halfpeak")) {
                Map<String, Rounds> peaks = cell(Workload.keepAlive("", 16), targets);
                if (selected.contains("keepalive")) {
                    report.cells(peaks);
                }
                if (selected.contains("halfpeak")) {
                    Map<String, Rounds> paced = new LinkedHashMap<>();
                    for (Target t : targets) {
                        paced.putAll(cell(Workload.paced(16, peaks.get(t.name()).median().throughput() / 2), List.of(t)));
                    }
                    report.cells(paced);
                }
            }
            if (selected.contains("newconn")) {
                report.cells(cell(Workload.newConnection(8), targets));
            }
            if (selected.contains("download")) {
                report.cells(cell(Workload.download(4, LARGE), targets));
            }
            if (selected.contains("idle")) {
                report.cells(cell(Workload.idle(1000, 8), targets));
            }
            settledAfterAll(started);
            for (TargetLauncher.Launched l : started) {
                if (l.target().name().equals("egress-proxy")) {
                    reloads(l, selected);
                }
            }
        }

        /**
         * Each proxy's RSS after all its load workloads, once their connections are closed and 3 s have passed (the
         * sidecar JVM returns freed native memory every 2 s): what a proxy keeps after a busy period.
         */
        private void settledAfterAll(List<TargetLauncher.Launched> started) throws InterruptedException {
            Thread.sleep(3000);
            for (TargetLauncher.Launched l : started) {
                if (l.target().pid() > 0) {
                    report.settled(l.target().name(), ProcessMeter.rssMiB(l.target().pid()));
                }
            }
        }

        /** A fresh start per round per target, measured from the first request (no warm-up). */
        private void cold(List<String> names) throws Exception {
            Workload w = Workload.keepAlive("first " + measure.toSeconds() + " s of traffic after start, no warm-up: ", 16);
            report.cells(Rounds.interleaved(names, rounds, (round, name) -> {
                TargetLauncher.Launched l = launcher.start(name, work.resolve("cold-" + round + "-" + name));
                try {
                    return print(round, client.run(w, l.target(), measure));
                } finally {
                    launcher.stop(l);
                }
            }));
        }

        /** Warms each target up once, then runs the rounds interleaved across the targets; the cells by target name. */
        private Map<String, Rounds> cell(Workload w, List<Target> targets) throws Exception {
            if (!warmup.isZero()) {
                for (Target t : targets) {
                    Result r = client.run(w, t, warmup);
                    System.out.printf(Locale.ROOT, "  warm-up %-13s %10.1f %s errors %d%n", t.name(), r.throughput(), r.unit(), r.errors());
                }
            }
            Map<String, Target> byName = new LinkedHashMap<>();
            targets.forEach(t -> byName.put(t.name(), t));
            return Rounds.interleaved(List.copyOf(byName.keySet()), rounds,
                    (round, name) -> print(round, client.run(w, byName.get(name), measure)));
        }

        private void reloads(TargetLauncher.Launched l, List<String> selected) throws Exception {
            Target t = l.target();
            Path routes = l.dir().resolve("routes.yaml");
            Path status = l.dir().resolve("status.json");
            for (String format : List.of("yaml", "json")) {
                if (selected.contains(format.equals("yaml") ? "reload" : "reload-json")) {
                    ReloadTiming.Outcome o = ReloadTiming.measure(t.pid(), routes, status, benchRoute(), 10_000, 20, format.equals("json"));
                    report.reload(format, o);
                }
            }
            if (!selected.contains("reload-load")) {
                return;
            }
            for (String format : List.of("yaml", "json")) {
                report.cells(Map.of(t.name(), Rounds.of(List.of(warmedOnce(
                        Workload.keepAlive("reload under load, " + format + ": no reloads; ", 16), t)))));
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong sent = new AtomicLong();
                Thread reloader = ReloadTiming.reloadEvery(t.pid(), routes, benchRoute(), 10_000, format.equals("json"), 50, stop, sent);
                try {
                    Workload w = Workload.keepAlive("reload under load, " + format + ": SIGHUP every 50 ms with a 10,000-route file; ", 16);
                    report.cells(Map.of(t.name(), Rounds.of(List.of(warmedOnce(w, t)))));
                } finally {
                    stop.set(true);
                    reloader.join();
                }
                System.out.println("SIGHUPs sent: " + sent.get());
                ReloadTiming.measure(t.pid(), routes, status, benchRoute(), 0, 1, false);
            }
        }

        /** One warm-up and one measured round, as the reload-under-load rows always ran (the reloads continue through both). */
        private Result warmedOnce(Workload w, Target t) throws Exception {
            if (!warmup.isZero()) {
                client.run(w, t, warmup);
            }
            return print(1, client.run(w, t, measure));
        }

        /** The benchmark's route in both forms, for the reload workloads (which append 10,000 routes to it). */
        private ReloadTiming.BenchRoute benchRoute() {
            return new ReloadTiming.BenchRoute(TargetLauncher.benchRoutes(upstreamPort), """
                    {"host": "localhost", "port": %d, "allow_private": true, "path_allowlist": ["/small", "/large/*"], \
                    "methods": ["GET"], "auth": {"header": "Authorization", "secret": "BENCH_TOKEN", "prefix": "Bearer "}}\
                    """.formatted(upstreamPort));
        }

        private static Result print(int round, Result r) {
            System.out.printf(Locale.ROOT, "round %d %-50.50s %-13s %10.1f %-5s p50 %8.2f ms p99 %8.2f ms p99.9 %8.2f ms rss %7.1f MiB "
                    + "cpu %6.1f%% errors %d%s%n", round, r.workload(), r.target(), r.throughput(), r.unit(), r.p50Millis(), r.p99Millis(),
                    r.p999Millis(), r.rssMiB(), r.cpuPercent(), r.errors(), r.firstError() == null ? "" : " (" + r.firstError() + ")");
            return r;
        }
    }
}
