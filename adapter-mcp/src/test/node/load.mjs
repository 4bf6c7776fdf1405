// N agents at once, each its own MCP session (official TypeScript SDK client over streamable HTTP):
// every agent proposes its own host, then keeps waiting (proposal-status) until the operator's
// outcome arrives. Writes [{agent, status, proposalId, progress, calls}] as JSON to --out.
//   node load.mjs --http URL --token TOKEN --agents 50 --base SHA256 --out FILE
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const { values } = parseArgs({
  options: {
    http: { type: "string" },
    token: { type: "string" },
    agents: { type: "string" },
    base: { type: "string" },
    routes: { type: "string" },
    out: { type: "string" },
  },
});

async function agent(n) {
  const client = new Client({ name: `load-agent-${n}`, version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(values.http), {
    requestInit: { headers: { Authorization: `Bearer ${values.token}` } },
  });
  const outcome = { agent: n, progress: 0, calls: 0 };
  try {
    await client.connect(transport);
    const options = { timeout: 120000, resetTimeoutOnProgress: true, onprogress: () => outcome.progress++ };
    let result = await client.callTool({
      name: "egress-proxy-block",
      arguments: {
        routes: `${values.routes}  - host: agent-${n}.example.com\n`,
        justification: `agent ${n} needs agent-${n}.example.com for its task`,
        blocked_url: `https://agent-${n}.example.com/`,
        base_sha256: values.base,
      },
    }, undefined, options);
    outcome.calls++;
    while (result.structuredContent?.status === "pending" && outcome.calls < 20) {
      result = await client.callTool({
        name: "proposal-status",
        arguments: { proposal_id: result.structuredContent.proposal_id },
      }, undefined, options);
      outcome.calls++;
    }
    outcome.status = result.structuredContent?.status;
    outcome.proposalId = result.structuredContent?.proposal_id;
    outcome.reason = result.structuredContent?.reason ?? null;
  } catch (e) {
    outcome.error = String(e?.message ?? e);
  } finally {
    await client.close().catch(() => {});
  }
  return outcome;
}

const count = Number(values.agents);
const outcomes = await Promise.all(Array.from({ length: count }, (_, i) => agent(i)));
writeFileSync(values.out, JSON.stringify(outcomes));
process.exit(0);
