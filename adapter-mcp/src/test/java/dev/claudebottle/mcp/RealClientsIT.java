package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clients agents actually run, as pinned in {@code src/test/clients}, against the supervise
 * server over streamable HTTP and over stdio (the client spawns {@code stdio-bridge.mjs}, whose
 * stdin/stdout reach {@code serveStdio}): MCP Inspector's CLI in strict mode, the TypeScript
 * client v2, and Claude Code's {@code claude mcp list} in a throwaway HOME without an API key.
 */
class RealClientsIT {
    private static final String TOKEN = "real-clients-token-0123456789";

    private SuperviseServer.Listening listening;
    private StdioOverSocket stdio;
    private String url;

    @BeforeEach
    void listen() throws Exception {
        SupervisedBottle bottle = new SupervisedBottle(Duration.ofSeconds(5));
        listening = bottle.server.listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of());
        url = listening.endpoint().toString();
        stdio = new StdioOverSocket(bottle.server);
    }

    @AfterEach
    void stop() throws Exception {
        stdio.close();
        listening.close();
    }

    private List<String> stdioCommand() {
        return List.of(McpClients.node().toString(), McpClients.bridge().toString(), String.valueOf(stdio.port()));
    }

    @Test
    void inspectorCliListsTheToolsStrictlyOverHttpAndStdio() throws Exception {
        String inspector = McpClients.require("node_modules/@modelcontextprotocol/inspector/package.json").getParent()
                .toString();
        Path cli = McpClients.require("node_modules/.bin/mcp-inspector");
        Path home = Files.createTempDirectory("inspector-home");
        Map<String, String> env = Map.of("HOME", home.toString(), "MCP_CATALOG_PATH", home.resolve("mcp.json").toString());
        var http = McpClients.run(List.of(cli.toString(), "--cli", url, "--transport", "http", "--header",
                "Authorization: Bearer " + TOKEN, "--method", "tools/list", "--strict"), McpClients.dir(), env, 120);
        assertThat(http.exit()).as(http.all()).isZero();
        assertThat(http.stdout()).contains("egress-proxy-block").contains("proposal-status");
        List<String> overStdio = new java.util.ArrayList<>(List.of(cli.toString(), "--cli"));
        overStdio.addAll(stdioCommand());
        overStdio.addAll(List.of("--method", "tools/list", "--strict"));
        var stdioRun = McpClients.run(overStdio, McpClients.dir(), env, 120);
        assertThat(stdioRun.exit()).as(stdioRun.all()).isZero();
        assertThat(stdioRun.stdout()).contains("egress-proxy-block").contains("proposal-status");
        assertThat(inspector).isNotBlank();
    }

    @Test
    void theTypeScriptClientV2WorksOverHttpAndStdio() throws Exception {
        Path script = McpClients.SOURCES.resolve("v2-client.mjs");
        Path copy = McpClients.dir().resolve("v2-client.mjs"); // resolved against the installed node_modules
        Files.copy(script, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        McpClients.require("node_modules/@modelcontextprotocol/client/package.json");
        var http = McpClients.run(List.of(McpClients.node().toString(), copy.toString(), "http", url, TOKEN),
                McpClients.dir(), Map.of(), 120);
        assertV2Report(http);
        var overStdio = McpClients.run(List.of(McpClients.node().toString(), copy.toString(), "stdio",
                McpClients.node().toString(), McpClients.bridge().toString(), String.valueOf(stdio.port())),
                McpClients.dir(), Map.of(), 120);
        assertV2Report(overStdio);
    }

    private static void assertV2Report(McpClients.Run run) {
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.stdout()).as(run.all()).contains("\"tools\":[\"egress-proxy-block\",\"proposal-status\"]")
                .contains("\"status\":\"unknown\"").contains("\"next_step\"").contains("Unknown tool: 'no-such-tool'");
    }

    @Test
    void claudeCodeShowsTheServerConnectedOverHttpAndStdioWithoutAnApiKey() throws Exception {
        Path claude = McpClients.require("node_modules/.bin/claude");
        Path home = Files.createTempDirectory("claude-home");
        Path project = Files.createDirectories(home.resolve("project"));
        Map<String, String> env = Map.of("HOME", home.toString(), "DISABLE_AUTOUPDATER", "1",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "ANTHROPIC_API_KEY", "");
        var addHttp = McpClients.run(List.of(claude.toString(), "mcp", "add", "--scope", "user", "--transport", "http",
                "supervise-http", url, "--header", "Authorization: Bearer " + TOKEN), project, env, 120);
        assertThat(addHttp.exit()).as(addHttp.all()).isZero();
        List<String> addStdio = new java.util.ArrayList<>(List.of(claude.toString(), "mcp", "add", "--scope", "user",
                "supervise-stdio", "--"));
        addStdio.addAll(stdioCommand());
        var added = McpClients.run(addStdio, project, env, 120);
        assertThat(added.exit()).as(added.all()).isZero();

        var list = McpClients.run(List.of(claude.toString(), "mcp", "list"), project, env, 180);

        assertThat(list.exit()).as(list.all()).isZero();
        assertThat(list.stdout().lines().filter(l -> l.startsWith("supervise-http")).findFirst().orElse(""))
                .as(list.all()).contains("Connected");
        assertThat(list.stdout().lines().filter(l -> l.startsWith("supervise-stdio")).findFirst().orElse(""))
                .as(list.all()).contains("Connected");
    }
}
