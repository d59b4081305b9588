import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

// Hostile and broken HTTP/1.1 on raw sockets: each gets a clear 4xx/5xx with a reason, the proxy stays up,
// and a keep-alive connection opened before the attack keeps working.

let cp: ControlPlane;
let proxy: RunningProxy;
const apps: TestApp[] = [];
let broken: net.Server;

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

beforeAll(async () => {
  cp = await startControlPlane();
  const app = await startApp("echo");
  apps.push(app);
  // An "upstream" that answers with garbage instead of HTTP.
  broken = net.createServer((socket) => {
    socket.on("data", () =>
      socket.end("HTTP/1.1 200 OK\r\nBad Header Name: x\r\ncontent-length: 2\r\n\r\nok"),
    );
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
  const brokenPort = (broken.address() as net.AddressInfo).port;
  proxy = await testProxy(cp, { service: "web", app, headersTimeoutMs: 500 });
  cp.publish(
    `
services:
  - name: web
  - name: echo
  - name: broken
`,
    [
      { service: "echo", address: "127.0.0.1", port: app.port, labels: {} },
      { service: "broken", address: "127.0.0.1", port: brokenPort, labels: {} },
    ],
    [proxy.nodeId],
  );
  await waitFor(() => proxy.ready(), "ready");
});

afterAll(async () => {
  await proxy.close();
  await Promise.all(apps.map((a) => a.close()));
  broken.close();
  await cp.stop();
});

const GOOD = "GET /ok HTTP/1.1\r\nHost: echo\r\n\r\n";

describe("hostile requests on the outbound listener", () => {
  let bystander: net.Socket;
  let bystanderText = "";

  beforeAll(async () => {
    const [host, port] = splitAddress(proxy.outbound);
    bystander = net.connect({ host, port });
    bystander.on("data", (d) => {
      bystanderText += d.toString();
    });
    await new Promise((resolve) => bystander.once("connect", resolve));
    bystander.write(GOOD);
    await waitFor(() => /\{"app":"echo"/.test(bystanderText), "bystander's first response");
    bystanderText = "";
  });

  afterAll(() => bystander.destroy());

  it.each([
    [
      "Content-Length with Transfer-Encoding",
      400,
      "POST / HTTP/1.1\r\nHost: echo\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      /Content-Length and Transfer-Encoding/,
    ],
    [
      "conflicting Content-Length",
      400,
      "POST / HTTP/1.1\r\nHost: echo\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
      /Content-Length/,
    ],
    [
      "duplicate Content-Length",
      400,
      "POST / HTTP/1.1\r\nHost: echo\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na",
      /Content-Length/,
    ],
    ["invalid header name", 400, "GET / HTTP/1.1\r\nHost: echo\r\nBad Header: x\r\n\r\n", /header/],
    [
      "control character in a value",
      400,
      "GET / HTTP/1.1\r\nHost: echo\r\nX-A: a\u0001b\r\n\r\n",
      /header|character/,
    ],
    [
      "oversized headers",
      431,
      `GET / HTTP/1.1\r\nHost: echo\r\nX-Big: ${"a".repeat(70 * 1024)}\r\n\r\n`,
      /too large/,
    ],
    ["missing Host", 400, "GET / HTTP/1.1\r\n\r\n", /Host/],
    [
      "unknown transfer coding",
      501,
      "POST / HTTP/1.1\r\nHost: echo\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      /transfer coding|Transfer-Encoding/,
    ],
  ])("%s gets a clear %i", async (_name, status, payload, reason) => {
    const { text } = await rawExchange(proxy.outbound, [payload]);
    expect(statusOf(text)).toBe(status);
    expect(text.toLowerCase()).toContain("x-weft-reason: bad_request");
    expect(text).toMatch(reason);
  });

  it("answers a client that sends its headers too slowly with 408 and closes", async () => {
    const parts = ["GET / HTTP/1.1\r\n", "Host: echo\r\n", "X-Slow: 1\r\n", "X-Slow: 2\r\n", "X-Slow: 3\r\n"];
    const { text, closed } = await rawExchange(proxy.outbound, parts, { pauseMs: 300, idleMs: 3_000 });
    expect(statusOf(text)).toBe(408);
    expect(text).toMatch(/not received in time/);
    expect(closed).toBe(true);
  });

  it("answers 502 with the reason when the upstream sends an invalid response", async () => {
    const r = await request(proxy.outbound, "broken", "/");
    expect(r.status).toBe(502);
    expect(r.headers["x-weft-reason"]).toBe("upstream_protocol_error");
    expect(r.body).toMatch(/invalid response/);
  });

  it("kept serving the connection opened before the attacks, and new ones", async () => {
    bystander.write(GOOD);
    await waitFor(() => /\{"app":"echo"/.test(bystanderText), "bystander response");
    expect(statusOf(bystanderText)).toBe(200);
    const fresh = await request(proxy.outbound, "echo", "/after");
    expect(fresh.status).toBe(200);
    expect(
      Number(/weft_proxy_downstream_rq_rejected_total (\d+)/.exec(proxy.stats.render())?.[1]),
    ).toBeGreaterThan(3);
  });
});
