package dev.claudebottle.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@link SuperviseServer} over the MCP Java SDK: its stdio transport, or its streamable-HTTP servlet in Jetty. */
final class SdkSuperviseServer implements SuperviseServer {
    static final String ENDPOINT = "/mcp";
    /** One JSON-RPC message: room for a 1 MiB routes file even when every character is JSON-escaped. */
    static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    private static final String INSTRUCTIONS = "This server belongs to your bottle's supervisor. When the egress proxy "
            + "refuses a request (HTTP 403 with X-Egress-Proxy-Block), propose a routes change with "
            + ToolCatalog.BLOCK_TOOL + "; a human operator decides.";

    /** How long requests read before stdin ended may take to be answered before the process goes. */
    static final Duration STDIO_DRAIN = Duration.ofSeconds(5);

    private final AgentTools tools;
    private final ServerSettings settings;
    private final CallWaits waits;

    @Inject
    SdkSuperviseServer(AgentTools tools, ServerSettings settings, CallWaits waits) {
        this.tools = tools;
        this.settings = settings;
        this.waits = waits;
    }

    @Override
    public void serveStdio(InputStream in, OutputStream out) throws InterruptedException {
        var connection = new StdioConnection(in, out, MAX_MESSAGE_BYTES, messageCheck(), waits);
        McpAsyncServer server = build(McpServer.async(connection));
        try {
            connection.serve(STDIO_DRAIN);
        } finally {
            server.closeGracefully().block(Duration.ofSeconds(5));
        }
    }

    static MessageCheck messageCheck() {
        return new MessageCheck(Set.of(ToolCatalog.BLOCK_TOOL, ToolCatalog.STATUS_TOOL));
    }

    @Override
    public Listening listen(InetSocketAddress address, String bearerToken, List<String> extraHosts) throws IOException {
        var gate = new HttpGate(new HttpGate.BearerToken(bearerToken), allowedHosts(address, extraHosts));
        var transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(ENDPOINT)
                .maxRequestSize(MAX_MESSAGE_BYTES + 64 * 1024) // the protocol gate enforces the limit first
                .build();
        McpAsyncServer server = build(McpServer.async(transport));
        // a call waits up to the bound with no bytes flowing when the client asked for no progress
        Duration idle = settings.waitBound().plus(Duration.ofMinutes(1));
        try {
            return JettyListening.start(address, transport, gate,
                    new HttpProtocolGate(messageCheck(), waits, MAX_MESSAGE_BYTES, settings.progressEvery(), transport), idle, server::close);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private McpAsyncServer build(McpServer.AsyncSpecification<?> spec) {
        return spec.serverInfo("claude-bottle-supervise", ServerVersion.VALUE)
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                // the desk checks arguments itself, so the agent gets every problem in one answer
                .validateToolInputs(false)
                .tools(tools.specifications())
                .build();
    }

    private static Set<String> allowedHosts(InetSocketAddress address, List<String> extraHosts) {
        Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
        hosts.add(HttpGate.hostName(address.getHostString().contains(":") && !address.getHostString().startsWith("[")
                ? "[" + address.getHostString() + "]" : address.getHostString()));
        for (String host : extraHosts) {
            hosts.add(HttpGate.hostName(host));
        }
        return hosts;
    }
}
