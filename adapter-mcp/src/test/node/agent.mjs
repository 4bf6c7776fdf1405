// One scripted MCP agent, driven by the Java integration tests: it connects with the official
// TypeScript SDK client, runs the given steps in order and writes every answer as JSON to --out.
//   node agent.mjs --http URL --token TOKEN --steps JSON --out FILE
//   node agent.mjs --stdio --steps JSON --out FILE   (the server is on the other end of stdin/stdout)
//   node agent.mjs --spawn '["bottle","supervise",...]' --steps JSON --out FILE   (spawns the server, as agents do)
// A step is {"op":"list"} or {"op":"call","tool":NAME,"args":{...},"progress":true|false,"abortAfterMs":N};
// abortAfterMs cancels the call from the client side (notifications/cancelled) after N ms.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const { values } = parseArgs({
  options: {
    http: { type: "string" },
    token: { type: "string" },
    stdio: { type: "boolean", default: false },
    spawn: { type: "string" },
    steps: { type: "string" },
    out: { type: "string" },
  },
});

// Over stdio the roles of the pipes are reversed: this process's stdin/stdout carry the protocol,
// with the same newline-delimited framing as a spawned server, so nothing else may print there.
function transport() {
  if (values.stdio) {
    return new StdioServerTransport();
  }
  if (values.spawn) {
    const [command, ...args] = JSON.parse(values.spawn);
    return new StdioClientTransport({ command, args, env: process.env, stderr: "inherit" });
  }
  const headers = values.token ? { Authorization: `Bearer ${values.token}` } : {};
  return new StreamableHTTPClientTransport(new URL(values.http), { requestInit: { headers } });
}

const report = { steps: [] };
const client = new Client({ name: "claude-bottle-test-agent", version: "1.0.0" });
const t = transport();
try {
  await client.connect(t);
  report.connected = true;
  report.serverInfo = client.getServerVersion();
  report.protocolVersion = t.protocolVersion ?? null;
  for (const step of JSON.parse(values.steps)) {
    try {
      if (step.op === "list") {
        report.steps.push({ tools: (await client.listTools()).tools });
      } else {
        const progress = [];
        const options = { timeout: 120000 };
        if (step.abortAfterMs) {
          const controller = new AbortController();
          setTimeout(() => controller.abort("the agent gave up"), step.abortAfterMs);
          options.signal = controller.signal;
        }
        if (step.progress) {
          options.onprogress = (p) => progress.push(p);
          options.resetTimeoutOnProgress = true;
        }
        const result = await client.callTool({ name: step.tool, arguments: step.args }, undefined, options);
        report.steps.push({ result, progress });
      }
    } catch (e) {
      report.steps.push({ error: String(e?.message ?? e) });
    }
  }
} catch (e) {
  report.connected = false;
  report.connectError = String(e?.message ?? e);
} finally {
  writeFileSync(values.out, JSON.stringify(report));
  await client.close().catch(() => {});
  process.exit(0);
}
