package dev.claudebottle.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * One bottle's supervise MCP server: the agent-facing tools {@code egress-proxy-block} and
 * {@code proposal-status}, over stdio or streamable HTTP. It submits proposals and reads outcomes
 * for its own bottle only; it has no way to decide or apply.
 */
public interface SuperviseServer {

    /**
     * Serves one MCP client over {@code in}/{@code out} (newline-delimited JSON-RPC) until {@code in}
     * ends. Nothing but protocol messages is written to {@code out}. Blocks.
     */
    void serveStdio(InputStream in, OutputStream out) throws InterruptedException;

    /**
     * Starts streamable HTTP at {@code http://address/mcp}. Every request must carry
     * {@code Authorization: Bearer <bearerToken>} and a {@code Host} naming the listen address,
     * {@code localhost}, a loopback address or one of {@code extraHosts}.
     *
     * @throws IllegalArgumentException when the token is shorter than 16 characters or not printable ASCII
     * @throws IOException when the address cannot be bound
     */
    Listening listen(InetSocketAddress address, String bearerToken, List<String> extraHosts) throws IOException;

    /** A listening HTTP server; closing it stops it (waiting tool calls end, proposals stay queued). */
    interface Listening extends AutoCloseable {
        /** Where clients connect, with the actual port when 0 was asked for. */
        URI endpoint();

        /** Blocks until the server stops. */
        void awaitStop() throws InterruptedException;

        @Override
        void close();
    }
}
