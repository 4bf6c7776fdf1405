// The command a stdio MCP client spawns in adapter-mcp's integration tests: its stdin and stdout are
// joined to a TCP socket on which the test serves SuperviseServer.serveStdio, so the client speaks
// to the real server over a real child process's stdio.   node stdio-bridge.mjs PORT
import net from "node:net";

const socket = net.connect(Number(process.argv[2]), "127.0.0.1");
socket.on("error", (e) => { process.stderr.write(`stdio-bridge: ${e.message}\n`); process.exit(1); });
process.stdin.pipe(socket);            // end of stdin half-closes the socket: the server sees end of input
socket.pipe(process.stdout);
socket.on("end", () => process.exit(0));
