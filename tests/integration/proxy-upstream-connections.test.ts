import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  type ControlPlane,
  request,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  translate,
  waitFor,
} from "@/lib/proxy/testing/harness";
import { protoDuration } from "@/lib/xds/translate/protoValues";
import type { RegistryEndpoint } from "@/lib/xds/translate/types";

// The sidecar's upstream connections over a cluster's life: max_requests_per_connection
// (HttpProtocolOptions.common_http_protocol_options) retires HTTP/1.1 connections and HTTP/2 sessions after
// that many requests, idle_timeout closes them after that long without a request (never during one), and
// an endpoint removed from the cluster has its connections closed (idle ones at once, busy ones after their
// response). The upstreams report which connection carried each request and
// how many are open. Also run on the node:http fallback (npm run test:proxy-fallback).

const MESH = `
services:
  - name: client
  - name: web
  - name: rpc
  - name: pool
  - name: pool2
  - name: idle
  - name: idle2
`;

/** The idle_timeout of the idle and idle2 clusters; their /slow requests take longer than this. */
const IDLE_TIMEOUT_MS = 250;

const PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

/**
 * HttpProtocolOptions for HTTP/1.1 or HTTP/2, with max_requests_per_connection when above 0 and
 * idle_timeout when given.
 */
function protocolOptions(maxRequests: number, http2: boolean, idleTimeout?: string): Record<string, unknown> {
  return {
    [PROTOCOL_OPTIONS]: {
      "@type": `type.googleapis.com/${PROTOCOL_OPTIONS}`,
      common_http_protocol_options: {
        ...(maxRequests > 0 && { max_requests_per_connection: { value: maxRequests } }),
        ...(idleTimeout !== undefined && { idle_timeout: protoDuration(idleTimeout) }),
      },
      explicit_http_config: http2 ? { http2_protocol_options: {} } : { http_protocol_options: {} },
    },
  };
}

/** A set of open connections or sessions, and the time the next one closes. */
function openTracker<T>() {
  const open = new Set<T>();
  const waiters: ((at: number) => void)[] = [];
  return {
    open,
    opened(item: T, onClose: (listener: () => void) => void): void {
      open.add(item);
      onClose(() => {
        open.delete(item);
        for (const waiter of waiters.splice(0)) waiter(performance.now());
      });
    },
    whenClosed: () => new Promise<number>((resolve) => waiters.push(resolve)),
  };
}

/** An HTTP/2 upstream answering with the number of the session that carried the request (/slow: later). */
async function startH2App(): Promise<{
  port: number;
  openSessions(): number;
  whenClosed(): Promise<number>;
  close(): Promise<void>;
}> {
  const server = http2.createServer();
  const ids = new WeakMap<http2.ServerHttp2Session, number>();
  const tracker = openTracker<http2.ServerHttp2Session>();
  let sessions = 0;
  server.on("session", (session) => {
    sessions += 1;
    ids.set(session, sessions);
    tracker.opened(session, (listener) => session.on("close", listener));
  });
  server.on("stream", (stream, headers) => {
    const answer = () => {
      stream.respond({ ":status": 200, "content-type": "text/plain" });
      stream.end(`session ${ids.get(stream.session as http2.ServerHttp2Session)}`);
    };
    if (headers[":path"] === "/slow") setTimeout(answer, IDLE_TIMEOUT_MS * 2);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    openSessions: () => tracker.open.size,
    whenClosed: tracker.whenClosed,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of tracker.open) session.destroy();
      }),
  };
}

/** An HTTP/1.1 upstream that counts its open connections; /slow answers after 2 × IDLE_TIMEOUT_MS. */
async function startCountingApp(): Promise<{
  port: number;
  open(): number;
  whenClosed(): Promise<number>;
  close(): Promise<void>;
}> {
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.url === "/slow") setTimeout(() => res.end("slow"), IDLE_TIMEOUT_MS * 2);
    else res.end("ok");
  });
  server.keepAliveTimeout = 120_000;
  const tracker = openTracker<Socket>();
  server.on("connection", (socket: Socket) =>
    tracker.opened(socket, (listener) => socket.on("close", listener)),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    open: () => tracker.open.size,
    whenClosed: tracker.whenClosed,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let cp: ControlPlane;
let client: RunningProxy;
let clientApp: TestApp;
let webApp: TestApp;
let rpcApp: Awaited<ReturnType<typeof startH2App>>;
let poolA: Awaited<ReturnType<typeof startCountingApp>>;
let poolB: Awaited<ReturnType<typeof startCountingApp>>;
let pool2A: Awaited<ReturnType<typeof startH2App>>;
let pool2B: Awaited<ReturnType<typeof startH2App>>;
let idleApp: Awaited<ReturnType<typeof startCountingApp>>;
let idle2App: Awaited<ReturnType<typeof startH2App>>;

const at = (service: string, port: number): RegistryEndpoint => ({
  service,
  address: "127.0.0.1",
  port,
  labels: {},
});

/** The mesh's resources for this registry, with the clusters' protocol options, sent to the sidecar. */
function publish(registry: readonly RegistryEndpoint[]): void {
  const resources = JSON.parse(JSON.stringify(translate(MESH, registry, client.nodeId))) as {
    clusters: { name: string; typed_extension_protocol_options?: unknown }[];
  };
  for (const cluster of resources.clusters) {
    if (cluster.name === "web") cluster.typed_extension_protocol_options = protocolOptions(2, false);
    if (cluster.name === "rpc") cluster.typed_extension_protocol_options = protocolOptions(3, true);
    if (cluster.name === "pool2") cluster.typed_extension_protocol_options = protocolOptions(0, true);
    const idleTimeout = `${IDLE_TIMEOUT_MS}ms`;
    if (cluster.name === "idle")
      cluster.typed_extension_protocol_options = protocolOptions(0, false, idleTimeout);
    if (cluster.name === "idle2")
      cluster.typed_extension_protocol_options = protocolOptions(0, true, idleTimeout);
  }
  cp.publishResources(resources, [client.nodeId]);
}

const fixedRegistry = () => [
  at("web", webApp.port),
  at("rpc", rpcApp.port),
  at("idle", idleApp.port),
  at("idle2", idle2App.port),
];

beforeAll(async () => {
  cp = await startControlPlane();
  clientApp = await startApp("client-app");
  // Answers with the caller's port: one port per upstream connection.
  webApp = await startApp("web", (req, res) => {
    req.resume();
    res.end(String(req.socket.remotePort));
    return true;
  });
  [rpcApp, pool2A, pool2B, idle2App] = await Promise.all([
    startH2App(),
    startH2App(),
    startH2App(),
    startH2App(),
  ]);
  [poolA, poolB, idleApp] = await Promise.all([startCountingApp(), startCountingApp(), startCountingApp()]);
  client = await testProxy(cp, { service: "client", app: clientApp });
  publish([
    ...fixedRegistry(),
    at("pool", poolA.port),
    at("pool", poolB.port),
    at("pool2", pool2A.port),
    at("pool2", pool2B.port),
  ]);
  await waitFor(() => client.ready(), "client ready");
});

afterAll(async () => {
  await client.close();
  await Promise.all(
    [clientApp, webApp, rpcApp, poolA, poolB, pool2A, pool2B, idleApp, idle2App].map((app) => app.close()),
  );
  await cp.stop();
});

describe("max_requests_per_connection", () => {
  it("retires an HTTP/1.1 upstream connection after two requests", async () => {
    const ports: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(client.outbound, "web", "/");
      expect(res.status).toBe(200);
      ports.push(res.body);
    }
    expect(ports[0]).toBe(ports[1]);
    expect(ports[2]).toBe(ports[3]);
    expect(ports[4]).toBe(ports[5]);
    expect(new Set(ports).size).toBe(3);
  });

  it("retires an HTTP/2 session after three streams", async () => {
    const sessions: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(client.outbound, "rpc", "/");
      expect(res.status).toBe(200);
      sessions.push(res.body);
    }
    expect(sessions.slice(0, 3).every((s) => s === sessions[0])).toBe(true);
    expect(sessions.slice(3).every((s) => s === sessions[3])).toBe(true);
    expect(sessions[3]).not.toBe(sessions[0]);
  });

  it("loses no request when many arrive at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => request(client.outbound, i % 2 === 0 ? "web" : "rpc", "/")),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
  });
});

describe("idle_timeout", () => {
  it("closes an HTTP/1.1 upstream connection that carried no request for that long, not one busy longer", async () => {
    // The slow request keeps its connection busy for twice the idle timeout: it must not be cut.
    const slow = await request(client.outbound, "idle", "/slow");
    expect([slow.status, slow.body]).toEqual([200, "slow"]);
    const idleFrom = performance.now();
    expect(idleApp.open()).toBe(1);
    const closedAt = await idleApp.whenClosed();
    expect(closedAt - idleFrom).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 20);
    expect(idleApp.open()).toBe(0);
    expect((await request(client.outbound, "idle", "/")).status).toBe(200);
  });

  it("closes an HTTP/2 session once it has had no stream for that long, not while a stream is open", async () => {
    const slow = await request(client.outbound, "idle2", "/slow");
    expect(slow.status).toBe(200);
    const idleFrom = performance.now();
    expect(idle2App.openSessions()).toBe(1);
    const closedAt = await idle2App.whenClosed();
    expect(closedAt - idleFrom).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 20);
    expect(idle2App.openSessions()).toBe(0);
    expect((await request(client.outbound, "idle2", "/")).status).toBe(200);
  });
});

describe("an endpoint removed from the cluster", () => {
  it("has its HTTP/1.1 connections closed: idle ones at once, a busy one after its response", async () => {
    const warm = await Promise.all(Array.from({ length: 8 }, () => request(client.outbound, "pool", "/")));
    expect(warm.every((r) => r.status === 200)).toBe(true);
    expect(poolA.open()).toBeGreaterThan(0);
    expect(poolB.open()).toBeGreaterThan(0);
    // A request to each endpoint still running when A leaves the cluster.
    const slow = Promise.all(Array.from({ length: 4 }, () => request(client.outbound, "pool", "/slow")));
    await new Promise((resolve) => setTimeout(resolve, 100));
    publish([...fixedRegistry(), at("pool", poolB.port), at("pool2", pool2A.port), at("pool2", pool2B.port)]);
    expect((await slow).map((r) => r.body)).toEqual(["slow", "slow", "slow", "slow"]);
    await waitFor(() => poolA.open() === 0, "A's connections closed");
    expect(poolB.open()).toBeGreaterThan(0);
    const after = await Promise.all(Array.from({ length: 4 }, () => request(client.outbound, "pool", "/")));
    expect(after.every((r) => r.status === 200)).toBe(true);
    expect(poolA.open()).toBe(0);
  });

  it("has its HTTP/2 session closed", async () => {
    const warm = await Promise.all(Array.from({ length: 8 }, () => request(client.outbound, "pool2", "/")));
    expect(warm.every((r) => r.status === 200)).toBe(true);
    expect(pool2A.openSessions()).toBe(1);
    expect(pool2B.openSessions()).toBe(1);
    publish([...fixedRegistry(), at("pool", poolB.port), at("pool2", pool2B.port)]);
    await waitFor(() => pool2A.openSessions() === 0, "A's session closed");
    expect(pool2B.openSessions()).toBe(1);
  });
});
