package dev.claudebottle.egress;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * egress-proxy as a real child process (the main class on this JVM's classpath), so tests can send
 * it real signals with {@code kill}. Its stdout (the decision log) and stderr go to files.
 */
final class ProxyProcess implements AutoCloseable {
    final Path dir;
    final Path routes;
    final Path status;
    final Path stdout;
    final Path stderr;
    final Process process;
    final int port;

    private ProxyProcess(Path dir, Path routes, Path status, Path stdout, Path stderr, Process process, int port) {
        this.dir = dir;
        this.routes = routes;
        this.status = status;
        this.stdout = stdout;
        this.stderr = stderr;
        this.process = process;
        this.port = port;
    }

    static ProxyProcess start(Path dir, String routesYaml, Map<String, String> secrets, List<String> upstreamCaPems, String... extra)
            throws Exception {
        return start(dir, routesYaml, secrets, upstreamCaPems, Map.of(), null, extra);
    }

    /**
     * As above, with {@code environment} added to the child's and, when {@code stdin} is not null,
     * {@code stdin} written to its standard input and then closed (for {@code --secrets-stdin}).
     */
    static ProxyProcess start(Path dir, String routesYaml, Map<String, String> secrets, List<String> upstreamCaPems,
            Map<String, String> environment, String stdin, String... extra) throws Exception {
        Path routes = dir.resolve("routes.yaml");
        if (routesYaml != null) {
            Files.writeString(routes, routesYaml);
        }
        Path secretsDir = Files.createDirectories(dir.resolve("secrets"));
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            Files.writeString(secretsDir.resolve(e.getKey()), e.getValue());
        }
        Path status = dir.resolve("status.json");
        // SIGHUP at its default whatever this JVM inherited (a build run under nohup ignores it; the proxy refuses that).
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=HUP",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), EgressProxyMain.class.getName(),
                "--routes", routes.toString(), "--listen", "127.0.0.1:0", "--ca-dir", dir.resolve("ca").toString(),
                "--secrets-dir", secretsDir.toString(), "--status", status.toString()));
        for (int i = 0; i < upstreamCaPems.size(); i++) {
            Path p = dir.resolve("upstream-ca-" + i + ".pem");
            Files.writeString(p, upstreamCaPems.get(i));
            command.add("--upstream-ca");
            command.add(p.toString());
        }
        command.addAll(List.of(extra));
        Path out = dir.resolve("stdout.log");
        Path err = dir.resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process = builder.start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("egress-proxy exited " + process.exitValue() + ": " + Files.readString(err));
            }
            if (Files.exists(status)) {
                JsonNode s = ProxyHarness.JSON.readTree(Files.readString(status));
                if (s.path("state").asText().equals("running")) {
                    String listen = s.get("listen").asText();
                    int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
                    return new ProxyProcess(dir, routes, status, out, err, process, port);
                }
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("egress-proxy did not start in 30 s: " + Files.readString(err));
    }

    JsonNode status() throws IOException {
        return ProxyHarness.JSON.readTree(Files.readString(status));
    }

    /** Polls the status file until {@code condition} holds (at most 10 s). */
    JsonNode awaitStatus(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = status();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("status never satisfied the condition; last: " + last);
    }

    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    HttpClient client() throws Exception {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
                .sslContext(ProxyHarness.trusting(dir.resolve("ca").resolve(CertificateAuthority.CERT_FILE)))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** stdout + stderr + status + everything else the process wrote under its directory except the CA key. */
    String allOutput() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(CertificateAuthority.KEY_FILE) && !p.startsWith(dir.resolve("secrets"))) {
                    all.append(Files.readString(p));
                }
            }
        }
        return all.toString();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
