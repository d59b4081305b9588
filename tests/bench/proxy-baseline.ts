/**
 * A reference point for the proxy benchmark: the smallest useful reverse proxy on node:http (keep-alive
 * upstream pool, headers and body piped through, nothing else). It shows what any Node.js proxy costs on
 * this machine, so Weft's own overhead can be told apart from the platform's. Run as plain JavaScript.
 */
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
