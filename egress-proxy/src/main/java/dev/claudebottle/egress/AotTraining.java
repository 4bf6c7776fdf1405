package dev.claudebottle.egress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds egress-proxy's JDK AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) by a training run.
 * Starts the proxy as a child process with {@code -XX:AOTCacheOutput} and a local TLS upstream ({@link TrainingUpstream})
 * behind one route that injects {@code Authorization}. The default training is start-up only: a denied plain request
 * and a CONNECT closed before TLS, so the cache holds what every start needs and no more — every class in a cache is
 * loaded at start, and a cache of the whole hot path cost 15-20 MiB of idle RSS for ~8 % less CPU in the first
 * seconds (benchmarks/results/egress-proxy-profile.md, "Session 6"). {@code --hot} drives the hot path for
 * {@code --seconds}: intercepted keep-alive GETs, a new connection per request, downloads, denied requests and (where a
 * {@code kill} program exists to send SIGHUP) reloads ({@link TrainingClient}). Then SIGTERM, and the JVM writes the
 * cache as it exits. The cache goes to a temporary name first and is moved into place only after a clean run.
 *
 * <p>Usage: {@code AotTraining [--hot] [--seconds N] --cache FILE -- COMMAND...}, COMMAND starting the proxy without its own
 * arguments: either a {@code java} executable with options and the main class (the flag goes in right after it), or
 * {@code bin/egress-proxy} (the flag goes in through {@code EGRESS_PROXY_JAVA_OPTS}). The cache is valid only for the
 * JVM, JVM options and class path of that command: run it with exactly those the proxy will run with.
 * Exit 0 when the cache was written, 1 when the training failed (no cache is left behind), 2 on a usage error.
 */
public final class AotTraining {
    private static final String TOKEN = "aot-training-token";
    private static final Pattern LISTENING = Pattern.compile("egress-proxy: listening on (\\S+):(\\d+) ");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration EXIT_LIMIT = Duration.ofMinutes(5);

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        int dash = Arrays.asList(args).indexOf("--");
        Path cache = null;
        int seconds = -1;
        for (int i = 0; dash > 0 && i < dash; i++) {
            switch (args[i]) {
                case "--hot" -> seconds = Math.max(seconds, 12);
                case "--cache" -> cache = i + 1 < dash ? Path.of(args[++i]).toAbsolutePath() : null;
                case "--seconds" -> seconds = i + 1 < dash ? Integer.parseInt(args[++i]) : -1;
                default -> dash = -1;
            }
        }
        if (dash < 0 || cache == null || dash + 1 >= args.length) {
            System.err.println("usage: AotTraining [--hot] [--seconds N] --cache FILE -- COMMAND...");
            System.exit(2);
            return;
        }
        List<String> command = List.of(args).subList(dash + 1, args.length);
        Path work = Files.createTempDirectory("egress-proxy-aot-training");
        try {
            train(command, cache, seconds, work);
            System.err.println("egress-proxy AOT training: wrote " + cache);
        } catch (Exception e) {
            System.err.println("egress-proxy AOT training failed, no cache written: " + e.getMessage());
            System.exit(1);
        } finally {
            deleteTree(work);
        }
    }

    private static void train(List<String> command, Path cache, int seconds, Path work) throws Exception {
        Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try (TrainingUpstream upstream = new TrainingUpstream("Bearer " + TOKEN)) {
            Path routes = work.resolve("routes.yaml");
            Files.writeString(routes, routes(upstream.port(), 0));
            Path upstreamCa = work.resolve("upstream-ca.pem");
            Files.writeString(upstreamCa, upstream.caPem());
            Process proxy = start(command, partial, work, routes, upstreamCa);
            try {
                InetSocketAddress address = awaitListening(proxy, work.resolve("proxy.err"));
                TrainingClient client = new TrainingClient(address, upstream.port(), work.resolve("ca").resolve(CertificateAuthority.CERT_FILE));
                if (seconds < 0) {
                    client.deniedPlainHost();
                    client.connectOnly();
                } else {
                    drive(client, proxy, routes, upstream.port(), work.resolve("status.json"), seconds);
                }
                proxy.destroy(); // SIGTERM: the proxy drains and exits, and the JVM writes the cache on the way out
                if (!proxy.waitFor(EXIT_LIMIT.toSeconds(), TimeUnit.SECONDS) || proxy.exitValue() != 0 || !Files.isRegularFile(partial)) {
                    throw new IOException("the proxy did not exit cleanly with a cache (a class path of jars only, Java 25+);"
                            + " its output:\n" + Files.readString(work.resolve("proxy.out"), StandardCharsets.UTF_8)
                            + Files.readString(work.resolve("proxy.err"), StandardCharsets.UTF_8));
                }
                Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                proxy.destroyForcibly();
                Files.deleteIfExists(partial);
                Files.deleteIfExists(partial.resolveSibling(partial.getFileName() + ".config")); // the JVM's own temporary
            }
        }
    }

    private static Process start(List<String> command, Path partial, Path work, Path routes, Path upstreamCa) throws IOException {
        String output = "-XX:AOTCacheOutput=" + partial;
        List<String> full = new ArrayList<>(command);
        boolean java = Path.of(command.getFirst()).getFileName().toString().equals("java");
        if (java) {
            full.add(1, output);
        }
        full.addAll(List.of("--routes", routes.toString(), "--listen", "127.0.0.1:0", "--ca-dir", work.resolve("ca").toString(),
                "--status", work.resolve("status.json").toString(), "--upstream-ca", upstreamCa.toString(),
                "--decision-log", work.resolve("decisions.jsonl").toString(), "--secrets-stdin"));
        if (java) {
            full.addAll(0, hupAtDefault());
        }
        ProcessBuilder builder = new ProcessBuilder(full).redirectOutput(work.resolve("proxy.out").toFile())
                .redirectError(work.resolve("proxy.err").toFile());
        if (!java) {
            builder.environment().merge("EGRESS_PROXY_JAVA_OPTS", output, (old, added) -> old + " " + added);
            builder.environment().put("EGRESS_PROXY_NO_AOT_CACHE", "1");
        }
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(("TRAINING_TOKEN=" + TOKEN + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        return process;
    }

    /**
     * {@code env --default-signal=HUP} when this machine's {@code env} has it (GNU coreutils 8.31+), else nothing: the
     * proxy refuses to start with SIGHUP ignored, and a build started under {@code nohup} hands that on to its children.
     * An image build (no {@code env} there) never ignores it.
     */
    static List<String> hupAtDefault() {
        List<String> prefix = List.of("env", "--default-signal=HUP");
        try {
            Process probe = new ProcessBuilder(concat(prefix, List.of("true"))).redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0 ? prefix : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The training's routes: the upstream with an injected token, plus {@code extra} routes that only make reloads real. */
    private static String routes(int upstreamPort, int extra) {
        StringBuilder yaml = new StringBuilder("""
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/small, /large]
                    methods: [GET]
                    auth: {header: Authorization, secret: TRAINING_TOKEN, prefix: "Bearer "}
                """.formatted(upstreamPort));
        for (int i = 0; i < extra; i++) {
            yaml.append("  - host: h").append(i).append(".training.invalid\n    path_allowlist: [/api/**]\n");
        }
        return yaml.toString();
    }

    private static InetSocketAddress awaitListening(Process proxy, Path stderr) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "");
            if (m.find()) {
                return new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
            }
            if (!proxy.isAlive()) {
                throw new IOException("the proxy exited with " + proxy.exitValue() + " before listening:\n" + Files.readString(stderr));
            }
            Thread.sleep(20);
        }
        throw new IOException("the proxy did not listen within " + START_LIMIT.toSeconds() + " s");
    }

    /**
     * The workload, bounded in time: three connections of keep-alive GETs, one of a new connection per request, one of
     * downloads, all at once for {@code seconds}; denied requests at the start; a reload every two seconds where SIGHUP
     * can be sent. Any failed request fails the training.
     */
    private static void drive(TrainingClient client, Process proxy, Path routes, int upstreamPort, Path status, int seconds)
            throws Exception {
        client.deniedPlainHost();
        client.deniedPath();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong requests = new AtomicLong();
        try (ExecutorService threads = Executors.newFixedThreadPool(5)) {
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                loops.add(threads.submit(() -> loop(deadline, requests, () -> client.keepAlive("/small", 500))));
            }
            loops.add(threads.submit(() -> loop(deadline, requests, () -> client.keepAlive("/small", 1))));
            loops.add(threads.submit(() -> loop(deadline, requests, () -> client.keepAlive("/large", 2))));
            Path kill = Stream.of("/usr/bin/kill", "/bin/kill").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
            for (int generation = 2; kill != null && System.nanoTime() < deadline - TimeUnit.SECONDS.toNanos(2); generation++) {
                Thread.sleep(2000);
                Files.writeString(routes, routes(upstreamPort, 200 * generation));
                new ProcessBuilder(kill.toString(), "-HUP", Long.toString(proxy.pid())).inheritIO().start().waitFor();
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
        }
        client.deniedPath();
        System.err.println("egress-proxy AOT training: " + requests.get() + " requests in " + seconds + " s");
    }

    /** One step of a training loop; returns how many requests it made. */
    private interface Step {
        int run() throws IOException;
    }

    private static Void loop(long deadline, AtomicLong requests, Step step) throws IOException {
        while (System.nanoTime() < deadline) {
            requests.addAndGet(step.run());
        }
        return null;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
