// The TypeScript MCP client v2 (@modelcontextprotocol/client) against the supervise server:
// lists the tools, calls proposal-status with an id no proposal has, and prints one JSON report.
//   node v2-client.mjs http URL TOKEN      |      node v2-client.mjs stdio NODE BRIDGE PORT
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const [mode, ...rest] = process.argv.slice(2);
const transport = mode === "http"
  ? new StreamableHTTPClientTransport(new URL(rest[0]), { requestInit: { headers: { Authorization: `Bearer ${rest[1]}` } } })
  : new StdioClientTransport({ command: rest[0], args: [rest[1], rest[2]], stderr: "inherit" });
const client = new Client({ name: "claude-bottle-v2-test", version: "1.0.0" });
await client.connect(transport);
const tools = await client.listTools();
const unknown = await client.callTool({ name: "proposal-status", arguments: { proposal_id: "p-aaaaaaaaaaaa" } });
let unknownTool;
try {
  await client.callTool({ name: "no-such-tool", arguments: {} });
  unknownTool = "no error";
} catch (e) {
  unknownTool = String(e.message ?? e);
}
await client.ping();
process.stdout.write(JSON.stringify({
  protocolVersion: transport.protocolVersion ?? null,
  server: client.getServerVersion(),
  tools: tools.tools.map((t) => t.name),
  unknown: unknown.structuredContent,
  unknownTool,
}) + "\n");
await client.close();
