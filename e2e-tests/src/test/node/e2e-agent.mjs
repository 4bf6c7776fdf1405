// The agent side of the end-to-end scenario, as an agent in a bottle behaves: its HTTPS requests go through
// HTTPS_PROXY (trusting the proxy's CA via NODE_EXTRA_CA_CERTS), it reads the bottle's current routes, asks the
// supervise server with the official TypeScript MCP SDK client, waits, and retries. Every step is written to --out.
//   node e2e-agent.mjs --mcp URL --token-file F --routes-file PATH --blocked URL [--download URL]
//                      [--comment TEXT] [--allow-private] [--add-path] --out FILE
// --add-path proposes the refused URL's path in the (flow-style) path_allowlist of the existing routes instead of a new route.
// --download starts a long download before anything else and finishes it last (its SHA-256 is reported).
//   node e2e-agent.mjs --probe URL --out FILE   (one request through the proxy; reports its status)
// HTTPS_PROXY must be set. Progress lines ("download-started", "submitting") go to stdout for the test.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const { values } = parseArgs({
  options: {
    mcp: { type: "string" },
    "token-file": { type: "string" },
    "routes-file": { type: "string" },
    blocked: { type: "string" },
    download: { type: "string" },
    comment: { type: "string" },
    "allow-private": { type: "boolean", default: false },
    "add-path": { type: "boolean", default: false },
    out: { type: "string" },
    probe: { type: "string" },
  },
});

const proxy = new URL(process.env.HTTPS_PROXY ?? process.env.https_proxy);
// The bottle's proxy credential travels in the proxy URL (http://user:password@host:port), as curl, Python and git
// take it; a hand-made CONNECT has to send it itself.
const proxyAuthorization = proxy.username
  ? { "Proxy-Authorization": "Basic " + Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`)
      .toString("base64") }
  : {};
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const say = (line) => process.stdout.write(line + "\n");

// GET url through the proxy: CONNECT, then TLS to the target inside the tunnel (verified against the
// default roots plus NODE_EXTRA_CA_CERTS, i.e. the proxy's CA). onFirstBytes fires on the first body chunk.
function get(url, onFirstBytes = () => {}) {
  const target = new URL(url);
  const port = Number(target.port || 443);
  const authority = `${target.hostname}:${port}`;
  return new Promise((resolve, reject) => {
    const connect = http.request({ host: proxy.hostname, port: proxy.port, method: "CONNECT", path: authority,
      headers: { Host: authority, ...proxyAuthorization } });
    connect.on("error", reject);
    connect.on("connect", (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`CONNECT ${authority}: ${res.statusCode}`));
        return;
      }
      const servername = isIP(target.hostname) ? undefined : target.hostname;
      const request = https.request({
        host: target.hostname, port, path: target.pathname + target.search, method: "GET",
        createConnection: () => tls.connect({ socket, host: target.hostname, servername }),
      }, (response) => {
        const hash = createHash("sha256");
        const kept = [];
        let length = 0;
        response.on("data", (chunk) => {
          if (length === 0) onFirstBytes();
          length += chunk.length;
          hash.update(chunk);
          if (length <= 65536) kept.push(chunk);
        });
        response.on("end", () => {
          socket.destroy();
          resolve({ status: response.statusCode, headers: response.headers, length, sha256: hash.digest("hex"),
            text: length <= 65536 ? Buffer.concat(kept).toString("utf8") : null, endedAt: Date.now() });
        });
        response.on("error", reject);
      });
      request.on("error", reject);
      request.end();
    });
    connect.end();
  });
}

// The smallest change that allows the refused request: one more route for its host and port
// (with allow_private when the host is a private address, as the test upstreams are).
function allow(routesText, host, port, comment) {
  const route = `  - host: ${host}\n    port: ${port}\n` + (values["allow-private"] ? "    allow_private: true\n" : "");
  const note = comment ? `# ${comment}\n` : "";
  if (/^routes:\s*\[\]\s*$/m.test(routesText)) {
    return routesText.replace(/^routes:\s*\[\]\s*$/m, "routes:\n" + route.trimEnd()) + note;
  }
  return (routesText.endsWith("\n") ? routesText : routesText + "\n") + route + note;
}

const report = { startedAt: Date.now() };
if (values.probe) {
  try {
    const probed = await get(values.probe);
    report.probe = { status: probed.status, block: probed.headers["x-egress-proxy-block"] ?? null, text: probed.text };
  } catch (e) {
    report.error = String(e?.stack ?? e);
  }
  writeFileSync(values.out, JSON.stringify(report, null, 2));
  process.exit(0);
}
try {
  let download = null;
  if (values.download) {
    let started;
    const firstBytes = new Promise((r) => (started = r));
    download = get(values.download, () => started());
    await Promise.race([firstBytes, download]);
    report.downloadStartedAt = Date.now();
    say("download-started");
  }

  const denied = await get(values.blocked);
  report.denied = { status: denied.status, block: denied.headers["x-egress-proxy-block"] ?? null,
    body: denied.text ? JSON.parse(denied.text) : null };

  const current = readFileSync(values["routes-file"]);
  report.baseSha256 = sha256(current);
  const proposed = values["add-path"]
    ? current.toString("utf8").replace("path_allowlist: [", `path_allowlist: [${new URL(values.blocked).pathname}, `)
    : allow(current.toString("utf8"), report.denied.body.host, report.denied.body.port, values.comment);
  report.proposed = proposed;

  const token = readFileSync(values["token-file"], "utf8").trim();
  const client = new Client({ name: "claude-bottle-e2e-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(values.mcp),
    { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  const progress = [];
  report.submittedAt = Date.now();
  say("submitting");
  const result = await client.callTool({ name: "egress-proxy-block", arguments: {
    routes: proposed,
    justification: `The task needs ${values.blocked}; it was refused with ${report.denied.block}.`,
    blocked_url: values.blocked,
    base_sha256: report.baseSha256,
  } }, undefined, { timeout: 120000, resetTimeoutOnProgress: true, onprogress: (p) => progress.push(p) });
  report.returnedAt = Date.now();
  report.result = result;
  report.progress = progress;
  say("returned " + (result.structuredContent?.status ?? "?"));
  await client.close();

  report.currentAfterSha256 = sha256(readFileSync(values["routes-file"]));
  // The live routes the result carries at `applied` (on Kubernetes the mounted copy may still lag behind them).
  if (typeof result.structuredContent?.live_routes === "string") {
    report.liveAfterSha256 = sha256(Buffer.from(result.structuredContent.live_routes, "utf8"));
  }
  const retried = await get(values.blocked);
  report.retry = { status: retried.status, block: retried.headers["x-egress-proxy-block"] ?? null, text: retried.text };

  if (download) {
    const done = await download;
    report.download = { status: done.status, length: done.length, sha256: done.sha256, endedAt: done.endedAt };
  }
} catch (e) {
  report.error = String(e?.stack ?? e);
} finally {
  writeFileSync(values.out, JSON.stringify(report, null, 2));
  process.exit(0);
}
