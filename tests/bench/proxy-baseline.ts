/**
 * Reference points for the proxy benchmark, each run as plain JavaScript in its own process. They show what
 * any Node.js proxy costs on this machine, so Weft's own overhead can be told apart from the platform's.
 */

/** The smallest useful reverse proxy on node:http (keep-alive upstream pool, headers and body piped through). */
export const BASELINE_PROXY_SOURCE = `
import http from "node:http";
const [upHost, upPort] = process.argv.at(-1).split(":");
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const server = http.createServer((req, res) => {
  const up = http.request({ host: upHost, port: Number(upPort), path: req.url, method: req.method, headers: req.headers, agent }, (ur) => {
    res.writeHead(ur.statusCode, ur.headers);
    ur.pipe(res);
  });
  up.on("error", () => { res.statusCode = 502; res.end(); });
  req.pipe(up);
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log("baseline: 127.0.0.1:" + server.address().port));
process.on("SIGTERM", () => process.exit(0));
`;

/**
 * The floor: a TCP relay that copies bytes between each client connection and its own upstream connection,
 * with no HTTP at all. Any proxy that reads a request and writes it on (Weft's included) does at least this
 * much work per request: two reads, two writes and the wake-ups of the processes on either side.
 */
export const TCP_RELAY_SOURCE = `
import net from "node:net";
const [upHost, upPort] = process.argv.at(-1).split(":");
const server = net.createServer({ noDelay: true }, (down) => {
  const up = net.connect({ host: upHost, port: Number(upPort), noDelay: true });
  down.on("data", (chunk) => up.write(chunk));
  up.on("data", (chunk) => down.write(chunk));
  const close = () => { down.destroy(); up.destroy(); };
  for (const socket of [down, up]) { socket.on("close", close); socket.on("error", close); }
});
server.listen(0, "127.0.0.1", () => console.log("relay: 127.0.0.1:" + server.address().port));
process.on("SIGTERM", () => process.exit(0));
`;
