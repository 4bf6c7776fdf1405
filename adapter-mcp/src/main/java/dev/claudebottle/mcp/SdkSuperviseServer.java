package dev.claudebottle.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@link SuperviseServer} over the MCP Java SDK: its stdio transport, or its streamable-HTTP servlet in Jetty. */
final class SdkSuperviseServer implements SuperviseServer {
    static final String ENDPOINT = "/mcp";
    /** One JSON-RPC message: room for a 1 MiB routes file even when every character is JSON-escaped. */
    static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    private static final String INSTRUCTIONS = "This server belongs to your bottle's supervisor. When the egress proxy "
            + "refuses a request (HTTP 403 with X-Egress-Proxy-Block), propose a routes change with "
            + ToolCatalog.BLOCK_TOOL + "; a human operator decides.";

    private final AgentTools tools;
    private final ServerSettings settings;

    @Inject
    SdkSuperviseServer(AgentTools tools, ServerSettings settings) {
        this.tools = tools;
        this.settings = settings;
    }

    @Override
    public void serveStdio(InputStream in, OutputStream out) throws InterruptedException {
        CountDownLatch inputEnded = new CountDownLatch(1);
        var transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
                new EndSignallingInput(in, inputEnded), out, MAX_MESSAGE_BYTES);
        McpAsyncServer server = build(McpServer.async(transport));
        try {
            inputEnded.await();
        } finally {
            server.closeGracefully().block(Duration.ofSeconds(5));
        }
    }

    @Override
    public Listening listen(InetSocketAddress address, String bearerToken, List<String> extraHosts) throws IOException {
        var gate = new HttpGate(new HttpGate.BearerToken(bearerToken), allowedHosts(address, extraHosts));
        var transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(ENDPOINT)
                .maxRequestSize(MAX_MESSAGE_BYTES)
                .build();
        McpAsyncServer server = build(McpServer.async(transport));
        // a call waits up to the bound with no bytes flowing when the client asked for no progress
        Duration idle = settings.waitBound().plus(Duration.ofMinutes(1));
        try {
            return JettyListening.start(address, transport, gate, idle, server::close);
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

    /** Counts the latch down when the input ends or fails, which is when a stdio session is over. */
    private static final class EndSignallingInput extends FilterInputStream {
        private final CountDownLatch ended;

        EndSignallingInput(InputStream in, CountDownLatch ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            return signalled(() -> super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return signalled(() -> super.read(b, off, len));
        }

        private interface Read {
            int run() throws IOException;
        }

        private int signalled(Read read) throws IOException {
            try {
                int n = read.run();
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            } catch (IOException | RuntimeException e) {
                ended.countDown();
                throw e;
            }
        }
    }
}
