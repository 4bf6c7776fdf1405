package dev.claudebottle.mcp;

import java.util.List;

/** The MCP revisions this server speaks, the same on stdio and HTTP (streamable HTTP began with 2025-03-26). */
final class McpRevisions {
    static final List<String> SPOKEN = List.of("2025-03-26", "2025-06-18", "2025-11-25");
    /** The only revision with JSON-RPC batches (later ones removed them). */
    static final String BATCH = "2025-03-26";

    private McpRevisions() {}
}
