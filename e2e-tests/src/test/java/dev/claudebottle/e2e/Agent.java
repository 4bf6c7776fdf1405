package dev.claudebottle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The agent: {@code e2e-agent.mjs} run with node and the official TypeScript MCP SDK (installed by
 * {@code npm ci --prefix adapter-mcp/src/test/node}). It runs in the background while the test plays the operator.
 */
final class Agent implements AutoCloseable {
    private static final Path SDK = BottleCli.ROOT.resolve("adapter-mcp/src/test/node/node_modules");
    private static final Path SCRIPT = BottleCli.ROOT.resolve("e2e-tests/src/test/node/e2e-agent.mjs");

    /** Where and how the agent reaches its bottle. */
    record Bottle(String proxyUrl, Path caCert, String mcpUrl, Path tokenFile, Path currentRoutes) {}

    private final Process process;
    private final java.util.function.Supplier<String> report;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> printed = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Path stderr;

    private Agent(Process process, java.util.function.Supplier<String> report, Path stderr) {
        this.process = process;
        this.report = report;
        this.stderr = stderr;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    printed.add(line);
                }
            } catch (IOException e) {
                lines.add("stdout failed: " + e);
            }
        });
    }

    /** Starts the agent against {@code bottle}; it first starts {@code downloadUrl} when given, then requests {@code blockedUrl}. */
    static Agent start(Path workDir, Bottle bottle, String blockedUrl, String downloadUrl, String comment) {
        return start(workDir, bottle, blockedUrl, downloadUrl, comment, List.of());
    }

    /** As above, with more of e2e-agent.mjs's options (e.g. {@code --add-path}). */
    static Agent start(Path workDir, Bottle bottle, String blockedUrl, String downloadUrl, String comment, List<String> more) {
        assertThat(SDK.resolve("@modelcontextprotocol/sdk")).as(
                "the TypeScript MCP SDK is not installed; run npm ci --prefix adapter-mcp/src/test/node").isDirectory();
        try {
            Path dir = Files.createDirectories(Path.of("target", "agent-node"));
            Files.copy(SCRIPT, dir.resolve("e2e-agent.mjs"), StandardCopyOption.REPLACE_EXISTING);
            if (!Files.exists(dir.resolve("node_modules"))) {
                Files.createSymbolicLink(dir.resolve("node_modules"), SDK);
            }
            Path report = Files.createTempFile(workDir, "agent-report", ".json");
            List<String> command = new ArrayList<>(List.of("node", dir.resolve("e2e-agent.mjs").toString(),
                    "--mcp", bottle.mcpUrl(), "--token-file", bottle.tokenFile().toString(),
                    "--routes-file", bottle.currentRoutes().toString(), "--blocked", blockedUrl, "--allow-private",
                    "--out", report.toString()));
            if (downloadUrl != null) {
                command.addAll(List.of("--download", downloadUrl));
            }
            if (comment != null) {
                command.addAll(List.of("--comment", comment));
            }
            command.addAll(more);
            Path stderr = Files.createTempFile(workDir, "agent-stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            builder.environment().putAll(Map.of("HTTPS_PROXY", bottle.proxyUrl(), "NODE_EXTRA_CA_CERTS",
                    bottle.caCert().toString(), "NO_PROXY", "127.0.0.1,localhost"));
            return new Agent(builder.start(), () -> read(report), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the agent to print {@code line} (e.g. {@code submitting}); fails on timeout or a different end. */
    void awaitLine(String expected, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(expected)) {
                return;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new AssertionError("the agent ended before printing " + expected + ": " + readReport() + diagnostics());
            }
        }
        throw new AssertionError("the agent did not print " + expected + " within " + seconds + " s" + diagnostics());
    }

    /** Waits for the agent to finish and returns its report. */
    JsonNode finish(long seconds) throws InterruptedException {
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("the agent finished").isTrue();
        JsonNode report = readReport();
        assertThat(report.path("error").isMissingNode()).as("agent error: %s%s", report.path("error").asText(), diagnostics()).isTrue();
        return report;
    }

    private String diagnostics() {
        try {
            return "\nagent stdout: " + printed + "\nagent stderr: " + Files.readString(stderr);
        } catch (IOException e) {
            return "\n(agent stderr unreadable: " + e + ")";
        }
    }

    /**
     * Starts the agent inside a running container with {@code docker exec} (the container's environment carries
     * HTTPS_PROXY and NODE_EXTRA_CA_CERTS); {@code agentArgs} are the script's options without {@code --out}.
     */
    static Agent inContainer(Path workDir, String container, String script, List<String> agentArgs) {
        try {
            String reportPath = "/tmp/agent-report-" + System.nanoTime() + ".json";
            List<String> command = new ArrayList<>(List.of("docker", "exec", container, "node", script));
            command.addAll(agentArgs);
            command.addAll(List.of("--out", reportPath));
            Path stderr = Files.createTempFile(workDir, "agent-stderr", ".txt");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            return new Agent(process, () -> Docker.run("docker", "exec", container, "cat", reportPath).out(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readReport() {
        try {
            return new ObjectMapper().readTree(report.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
