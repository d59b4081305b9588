import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { llhttp } from "@/lib/proxy/h1/llhttp";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  type ControlPlane,
  request,
  splitAddress,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  waitFor,
} from "@/lib/proxy/testing/harness";
import { rawExchange } from "@/lib/proxy/testing/raw-http";

// The HTTP/1.1 fast path (lib/proxy/h1) on raw sockets: pipelining, HTTP/1.0, chunked bodies both ways,
// trailers, HEAD, 100-continue, CONNECT, upstream keep-alive reuse and close-delimited upstream bodies.

let cp: ControlPlane;
let proxy: RunningProxy;
let app: TestApp;
let legacy: net.Server;
const appConnections = new Set<string>();

/** Writes `payload` (30 ms between parts) and collects what comes back until the proxy closes or `idleMs` passes. */
const exchange = (payload: string | readonly string[], idleMs = 400) =>
  rawExchange(proxy.outbound, payload, { pauseMs: 30, idleMs, firstReplyMs: idleMs * 4 });

/** 8 MiB that are not all alike, so a reordered or lost chunk changes the hash. */
const BIG = Buffer.alloc(8 * 1024 * 1024);
for (let i = 0; i < BIG.length; i += 4) BIG.writeUInt32LE((i * 2654435761) >>> 0, i);
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

const statusLines = (text: string) => [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));

beforeAll(async () => {
  cp = await startControlPlane();
  app = await startApp("echo", (req, res) => {
    appConnections.add(`${req.socket.remotePort}`);
    const url = req.url ?? "/";
    if (url.startsWith("/upload")) {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(`${req.headers["transfer-encoding"] ?? "length"}:${body}`);
      });
      return true;
    }
    if (url === "/slow-sink") {
      // Reads the body in bursts, so the proxy must hold the client back (backpressure upstream).
      const hash = createHash("sha256");
      req.on("data", (c: Buffer) => {
        hash.update(c);
        req.pause();
        setTimeout(() => req.resume(), 2);
      });
      req.on("end", () => res.end(hash.digest("hex")));
      return true;
    }
    if (url === "/big") {
      req.resume();
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(BIG);
      return true;
    }
    if (url === "/chunked") {
      req.resume();
      res.writeHead(200, { "content-type": "text/plain", trailer: "x-checksum" });
      res.write("first,");
      setTimeout(() => {
        res.addTrailers({ "x-checksum": "abc123" });
        res.end("second");
      }, 10);
      return true;
    }
    if (url === "/close") {
      req.resume();
      res.writeHead(200, { "content-type": "text/plain", connection: "close" });
      res.end("bye");
      return true;
    }
    return undefined;
  });
  // An HTTP/1.0 upstream whose body ends when it closes the connection.
  legacy = net.createServer((socket) => {
    socket.once("data", () =>
      socket.end("HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the connection closes"),
    );
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => legacy.listen(0, "127.0.0.1", resolve));
  const legacyPort = (legacy.address() as net.AddressInfo).port;
  proxy = await testProxy(cp, { service: "web", app });
  cp.publish(
    `
services:
  - name: web
  - name: echo
  - name: legacy
`,
    [
      { service: "echo", address: "127.0.0.1", port: app.port, labels: {} },
      { service: "legacy", address: "127.0.0.1", port: legacyPort, labels: {} },
    ],
    [proxy.nodeId],
  );
  await waitFor(() => proxy.ready(), "ready");
});

afterAll(async () => {
  await proxy.close();
  await app.close();
  legacy.close();
  await cp.stop();
});

describe("the HTTP/1.1 fast path", () => {
  it("is in use on this Node.js", () => {
    expect(llhttp).toBeDefined();
  });

  it("answers pipelined requests in order on one connection", async () => {
    const one = "GET /first HTTP/1.1\r\nHost: echo\r\n\r\n";
    const two = "GET /second HTTP/1.1\r\nHost: echo\r\n\r\n";
    const { text, closed } = await exchange(one + two + one);
    expect(statusLines(text)).toEqual([200, 200, 200]);
    const paths = [...text.matchAll(/"path":"([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toEqual(["/first", "/second", "/first"]);
    expect(closed).toBe(false);
  });

  it("closes after an HTTP/1.0 request without keep-alive, and after Connection: close", async () => {
    const old = await exchange("GET /old HTTP/1.0\r\nHost: echo\r\n\r\n");
    expect(old.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(old.text).toMatch(/"path":"\/old"/);
    expect(old.closed).toBe(true);
    const asked = await exchange("GET /bye HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n");
    expect(asked.text.toLowerCase()).toContain("connection: close");
    expect(asked.closed).toBe(true);
  });

  it("streams a chunked request body upstream and a chunked response with its trailers back", async () => {
    const upload = await request(proxy.outbound, "echo", "/upload", {
      method: "POST",
      headers: { "transfer-encoding": "chunked" },
      body: "hello chunks",
    });
    expect(upload.body).toBe("chunked:hello chunks");
    const sized = await request(proxy.outbound, "echo", "/upload", { method: "POST", body: "sized" });
    expect(sized.body).toBe("length:sized");
    const trailers = await new Promise<{ body: string; trailers: NodeJS.Dict<string> }>((resolve, reject) => {
      const [host, port] = splitAddress(proxy.outbound);
      http
        .get({ host, port, path: "/chunked", headers: { host: "echo" }, agent: false }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => {
            body += c.toString();
          });
          res.on("end", () => resolve({ body, trailers: res.trailers }));
        })
        .on("error", reject);
    });
    expect(trailers.body).toBe("first,second");
    expect(trailers.trailers["x-checksum"]).toBe("abc123");
  });

  it("relays an HTTP/1.0 client's unsized response close-delimited", async () => {
    const { text, closed } = await exchange("GET /chunked HTTP/1.0\r\nHost: echo\r\n\r\n");
    expect(text).not.toMatch(/transfer-encoding/i);
    expect(text.endsWith("\r\n\r\nfirst,second")).toBe(true);
    expect(closed).toBe(true);
  });

  it("answers HEAD without a body and keeps the connection", async () => {
    const head = "HEAD /h HTTP/1.1\r\nHost: echo\r\n\r\n";
    const { text } = await exchange(`${head}GET /after-head HTTP/1.1\r\nHost: echo\r\n\r\n`);
    expect(statusLines(text)).toEqual([200, 200]);
    expect(text).toMatch(/"path":"\/after-head"/);
    expect(text).not.toMatch(/"path":"\/h"/);
  });

  it("sends 100 Continue to a client that expects it", async () => {
    const { text } = await exchange([
      "POST /upload HTTP/1.1\r\nHost: echo\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n",
      "data",
    ]);
    expect(statusLines(text)).toEqual([100, 200]);
    expect(text).toMatch(/\r\nlength:data\r\n/);
  });

  it("refuses CONNECT with 501 and a reason", async () => {
    const { text, closed } = await exchange("CONNECT echo:443 HTTP/1.1\r\nHost: echo:443\r\n\r\n");
    expect(statusLines(text)).toEqual([501]);
    expect(text.toLowerCase()).toContain("x-weft-reason: bad_request");
    expect(closed).toBe(true);
  });

  it("reuses upstream connections and replaces one the upstream closed", async () => {
    appConnections.clear();
    for (let i = 0; i < 20; i++)
      expect((await request(proxy.outbound, "echo", `/seq/${i}`)).status).toBe(200);
    expect(appConnections.size).toBe(1);
    const closing = await request(proxy.outbound, "echo", "/close");
    expect(closing.body).toBe("bye");
    expect((await request(proxy.outbound, "echo", "/after-close")).status).toBe(200);
  });

  it("relays a close-delimited upstream body whole", async () => {
    const r = await request(proxy.outbound, "legacy", "/");
    expect(r.status).toBe(200);
    expect(r.body).toBe("until the connection closes");
  });

  it("moves 8 MiB each way intact when the reader on the other side is slow", async () => {
    const [host, port] = splitAddress(proxy.outbound);
    const upload = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        { host, port, method: "POST", path: "/slow-sink", headers: { host: "echo" }, agent: false },
        (res) => {
          let body = "";
          res.on("data", (c: Buffer) => {
            body += c.toString();
          });
          res.on("end", () => resolve(body));
        },
      );
      req.on("error", reject);
      req.end(BIG);
    });
    expect(upload).toBe(sha256(BIG));
    const download = await new Promise<Buffer>((resolve, reject) => {
      http
        .get({ host, port, path: "/big", headers: { host: "echo" }, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => {
            chunks.push(c);
            res.pause();
            setTimeout(() => res.resume(), 2);
          });
          res.on("end", () => resolve(Buffer.concat(chunks)));
        })
        .on("error", reject);
    });
    expect(download.length).toBe(BIG.length);
    expect(sha256(download)).toBe(sha256(BIG));
  });

  it("gives each closed connection's parser back (the binding would otherwise keep it, and the connection)", async () => {
    const pool = llhttp?.parsers;
    if (!pool) throw new Error("no fast path");
    const before = pool.inUse;
    for (let i = 0; i < 12; i++) {
      const reply = await exchange(`GET /conn/${i} HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n`, 50);
      expect(statusLines(reply.text)).toEqual([200]);
      expect(reply.closed).toBe(true);
    }
    // Each downstream connection's parser is back; at most one new upstream connection holds one.
    await waitFor(() => pool.inUse <= before + 1, "parsers back in the pool");
  });
});
