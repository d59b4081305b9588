/**
 * The benchmark's upstream application: answers every request with the same 1 KB body, keep-alive.
 * Run by tests/bench/proxy.ts in its own process: npx tsx tests/bench/proxy-upstream.ts <port>
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const body = Buffer.alloc(1024, "w");
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 120_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  // The pid is this process's own: npx tsx runs it as a child, and the benchmark reads its CPU time.
  console.log(`upstream: 127.0.0.1:${(server.address() as AddressInfo).port} pid ${process.pid}`);
});
