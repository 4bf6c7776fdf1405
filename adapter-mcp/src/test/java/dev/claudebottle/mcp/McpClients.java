package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real MCP clients pinned in {@code src/test/clients} (the conformance suite, Inspector's CLI,
 * the TypeScript client v2, Claude Code, and Node 22 to run them), installed by {@code .ci/run}
 * with {@code npm ci} into {@code $HOME/.cache/claude-bottle/mcp-clients-<first 16 hex of the
 * lockfile's SHA-256>} (or {@code $MCP_CLIENTS_DIR}). Missing, the tests fail and say so.
 */
final class McpClients {
    static final Path SOURCES = Path.of(System.getProperty("mcp.clients.sources", "src/test/clients")).toAbsolutePath();

    private McpClients() {}

    static Path dir() {
        String override = System.getenv("MCP_CLIENTS_DIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        try {
            byte[] lock = Files.readAllBytes(SOURCES.resolve("package-lock.json"));
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock)).substring(0, 16);
            return Path.of(System.getProperty("user.home"), ".cache", "claude-bottle", "mcp-clients-" + hash);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read " + SOURCES.resolve("package-lock.json"), e);
        }
    }

    /** The installed file, or a failure that says how to install it. */
    static Path require(String relative) {
        Path path = dir().resolve(relative);
        if (!Files.exists(path)) {
            fail(path + " is missing: the MCP test clients are not installed. .ci/run installs them: "
                    + "npm ci of adapter-mcp/src/test/clients (package.json + package-lock.json) into " + dir());
        }
        return path;
    }

    static Path node() {
        return require("node_modules/node/bin/node");
    }

    static Path bridge() {
        return SOURCES.resolve("stdio-bridge.mjs");
    }

    /** What a finished client printed and how it exited. */
    record Run(int exit, String stdout, String stderr) {
        String all() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Runs {@code command} with Node 22 first on PATH, in {@code cwd}, with extra environment; at most {@code seconds}. */
    static Run run(List<String> command, Path cwd, Map<String, String> env, int seconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(cwd.toFile());
        builder.environment().put("PATH", node().getParent() + ":" + System.getenv("PATH"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("mcp-client", ".out");
        Path err = Files.createTempFile("mcp-client", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            fail(command.getFirst() + " did not finish within " + seconds + " s\n"
                    + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
        }
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return run;
    }
}
