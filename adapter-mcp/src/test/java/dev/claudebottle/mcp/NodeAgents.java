package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.fail;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Launches the official TypeScript SDK client scripts under {@code src/test/node} with {@code node}.
 * Their dependencies are installed by {@code npm ci --prefix adapter-mcp/src/test/node}; without
 * them the tests fail and say so.
 */
final class NodeAgents {
    static final Path DIR = Path.of(System.getProperty("mcp.node.dir", "src/test/node")).toAbsolutePath();

    /**
     * Where tests run blocking calls in the background: never the common pool, which the MCP Java SDK
     * client also uses to deliver responses (on two cores it has a single worker).
     */
    static final java.util.concurrent.Executor OFF_COMMON_POOL = command -> Thread.ofPlatform().daemon().start(command);

    private NodeAgents() {}

    static void requireInstalled() {
        if (!Files.isDirectory(DIR.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            fail("the TypeScript MCP SDK is not installed in " + DIR + "/node_modules; run "
                    + "`npm ci --prefix adapter-mcp/src/test/node` from the project root (.ci/run does)");
        }
    }

    /** Starts {@code script} with {@code args}; stdin/stdout stay piped (the stdio agent speaks MCP on them). */
    static Process start(String script, List<String> args) throws IOException {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of("node", DIR.resolve(script).toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Runs {@code script} to its end and returns the JSON it wrote to its {@code --out} file. */
    static <T> T run(String script, List<String> args, TypeRef<T> type) throws Exception {
        Path out = Files.createTempFile("mcp-agent", ".json");
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString()));
        Process process = start(script, all);
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(script + " did not finish within 5 minutes");
        }
        return readReport(out, type);
    }

    static <T> T readReport(Path out, TypeRef<T> type) throws IOException {
        String json = Files.readString(out);
        if (json.isBlank()) {
            fail("the node agent wrote no report to " + out);
        }
        return McpJsonDefaults.getMapper().readValue(json, type);
    }

    static String steps(Object... steps) throws IOException {
        return McpJsonDefaults.getMapper().writeValueAsString(List.of(steps));
    }

    static Map<String, Object> list() {
        return Map.of("op", "list");
    }

    static Map<String, Object> call(String tool, Map<String, Object> args, boolean progress) {
        return Map.of("op", "call", "tool", tool, "args", args, "progress", progress);
    }

    static final TypeRef<Map<String, Object>> REPORT = new TypeRef<>() {};
}
