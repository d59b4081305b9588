import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import { HTTP2_UPSTREAM_OPTIONS, quickHealthChecks } from "@/lib/proxy/testing/cluster-options";
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
import type { RegistryEndpoint } from "@/lib/xds/translate/types";

// The connections active health checks use, counted by the servers they check: a check reuses its
// connection (Envoy's reuse_connection, on by default) over HTTP/1.1, HTTP/2 and gRPC (a grpc-js health
// server), and opens one per check when reuse_connection is false. TCP checks with payloads: a line
// protocol on each endpoint's own health port (health_check_config.port_value) answers PING with +PONG, or
// -LOADING when unhealthy, which takes that endpoint out of the balancer until it answers PONG again.

const HEALTH_PROTO = fileURLToPath(new URL("../conformance/grpc-health.proto", import.meta.url));
const CHECKS_TO_SEE = 6;

interface Counted {
  port: number;
  connections: number;
  /** Connections still open. */
  open: number;
  /** Whether the first connection made has closed. */
  firstClosed: boolean;
  checks: number;
  close(): Promise<void>;
}

const NOTHING_COUNTED: Counted = {
  port: 0,
  connections: 0,
  open: 0,
  firstClosed: false,
  checks: 0,
  close: async () => {},
};

function listening(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );
}

function closing(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
}

/** Counts accepted connections (and, through `track`, keeps them to destroy at close). */
function counting(server: net.Server, counted: Counted): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    const first = counted.connections === 0;
    counted.connections += 1;
    counted.open += 1;
    sockets.add(socket);
    socket.on("close", () => {
      counted.open -= 1;
      if (first) counted.firstClosed = true;
      sockets.delete(socket);
    });
  });
  return sockets;
}

interface Stalling extends Counted {
  /** /healthz answers 200 and half its body, then nothing more. */
  stalled: boolean;
}

async function startHttp1(): Promise<Stalling> {
  const counted: Stalling = { ...NOTHING_COUNTED, stalled: false };
  const server = http.createServer((req, res) => {
    if (req.url === "/healthz") counted.checks += 1;
    if (req.url === "/healthz" && counted.stalled) {
      res.writeHead(200, { "content-length": "10" });
      res.write("12345");
      return;
    }
    res.end("ok");
  });
  server.keepAliveTimeout = 60_000;
  const sockets = counting(server, counted);
  counted.port = await listening(server);
  counted.close = closing(server, sockets);
  return counted;
}

async function startHttp2(): Promise<Counted> {
  const counted: Counted = { ...NOTHING_COUNTED };
  const server = http2.createServer();
  server.on("stream", (stream, headers) => {
    if (headers[":path"] === "/healthz") counted.checks += 1;
    stream.respond({ ":status": 200 });
    stream.end("ok");
  });
  const sockets = counting(server, counted);
  counted.port = await listening(server);
  counted.close = closing(server, sockets);
  return counted;
}

/** A grpc-js health server behind a TCP relay that counts the connections made to it. */
async function startGrpcHealth(): Promise<Counted> {
  const definition = protoLoader.loadSync(HEALTH_PROTO, { keepCase: true, enums: String });
  const grpcServer = new grpc.Server();
  const counted: Counted = { ...NOTHING_COUNTED };
  grpcServer.addService(definition["grpc.health.v1.Health"] as grpc.ServiceDefinition, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      counted.checks += 1;
      callback(null, { status: "SERVING" });
    },
  });
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
  const relay = net.createServer((socket) => {
    const upstream = net.connect(grpcPort, "127.0.0.1");
    socket.pipe(upstream).pipe(socket);
    socket.on("error", () => upstream.destroy());
    upstream.on("error", () => socket.destroy());
  });
  const sockets = counting(relay, counted);
  counted.port = await listening(relay);
  const closeRelay = closing(relay, sockets);
  counted.close = async () => {
    grpcServer.forceShutdown();
    await closeRelay();
  };
  return counted;
}

interface LineHealth extends Counted {
  healthy: boolean;
}

/** A health port speaking a line protocol: PING → +PONG (healthy) or -LOADING. */
async function startLineHealth(): Promise<LineHealth> {
  const counted: LineHealth = { ...NOTHING_COUNTED, healthy: true };
  const server = net.createServer((socket) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      for (let end = text.indexOf("\r\n"); end >= 0; end = text.indexOf("\r\n")) {
        const line = text.slice(0, end);
        text = text.slice(end + 2);
        if (line !== "PING") continue;
        counted.checks += 1;
        // The reply comes in two writes, with a time between the parts the check does not ask for.
        socket.write(counted.healthy ? "+" : "-");
        setTimeout(() => socket.write(counted.healthy ? `${Date.now()} PONG\r\n` : "LOADING\r\n"), 5);
      }
    });
    socket.on("error", () => {});
  });
  const sockets = counting(server, counted);
  counted.port = await listening(server);
  counted.close = closing(server, sockets);
  return counted;
}

const MESH = `
services:
  - name: client
  - name: plain
  - name: fresh
  - name: multiplexed
  - name: rpc
  - name: cache
  - name: stalling
`;

const TIMING = quickHealthChecks("50ms");

const CHECKS: Record<string, Record<string, unknown>> = {
  plain: { http_health_check: { path: "/healthz" } },
  fresh: { http_health_check: { path: "/healthz" }, reuse_connection: { value: false } },
  multiplexed: { http_health_check: { path: "/healthz", codec_client_type: "HTTP2" } },
  rpc: { grpc_health_check: {} },
  stalling: { http_health_check: { path: "/healthz" } },
  cache: {
    tcp_health_check: {
      send: { text: Buffer.from("PING\r\n").toString("hex") },
      receive: [
        { text: Buffer.from("+").toString("hex") },
        { binary: Buffer.from("PONG").toString("base64") },
      ],
    },
  },
};

interface Resources {
  clusters: Record<string, unknown>[];
  endpoints: {
    cluster_name: string;
    endpoints: { lb_endpoints: { endpoint: Record<string, unknown> & { address: unknown } }[] }[];
  }[];
}

let cp: ControlPlane;
let clientApp: TestApp;
let client: RunningProxy;
let plain: Counted;
let fresh: Counted;
let stalling: Stalling;
let registry: RegistryEndpoint[];
let multiplexed: Counted;
let rpc: Counted;
let cacheApps: TestApp[];
let cacheHealth: LineHealth[];

const at = (service: string, port: number): RegistryEndpoint => ({
  service,
  address: "127.0.0.1",
  port,
  labels: {},
});

/** The client's resources with the health checks above (CHECKS), each cache endpoint on its health port. */
function meshResources(): Resources {
  const resources = JSON.parse(JSON.stringify(translate(MESH, registry, client.nodeId))) as Resources;
  for (const cluster of resources.clusters) {
    const check = CHECKS[cluster.name as string];
    if (check) cluster.health_checks = [{ ...TIMING, ...check }];
    if (cluster.name === "multiplexed" || cluster.name === "rpc")
      cluster.typed_extension_protocol_options = HTTP2_UPSTREAM_OPTIONS;
  }
  // Each cache endpoint is checked on its own health port.
  const cache = resources.endpoints.find((assignment) => assignment.cluster_name === "cache");
  for (const lb of cache?.endpoints.flatMap((locality) => locality.lb_endpoints) ?? []) {
    const port = (lb.endpoint.address as { socket_address: { port_value: number } }).socket_address
      .port_value;
    const index = cacheApps.findIndex((app) => app.port === port);
    lb.endpoint.health_check_config = { port_value: cacheHealth[index]?.port };
  }
  return resources;
}

beforeAll(async () => {
  cp = await startControlPlane();
  clientApp = await startApp("client-app");
  [plain, fresh, stalling, multiplexed, rpc] = await Promise.all([
    startHttp1(),
    startHttp1(),
    startHttp1(),
    startHttp2(),
    startGrpcHealth(),
  ]);
  cacheApps = await Promise.all([startApp("cache-a"), startApp("cache-b")]);
  cacheHealth = await Promise.all([startLineHealth(), startLineHealth()]);
  client = await testProxy(cp, { service: "client", app: clientApp });
  registry = [
    at("plain", plain.port),
    at("fresh", fresh.port),
    at("stalling", stalling.port),
    at("multiplexed", multiplexed.port),
    at("rpc", rpc.port),
    ...cacheApps.map((app) => at("cache", app.port)),
  ];
  const resources = meshResources();
  cp.publishResources(resources, [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
});

afterAll(async () => {
  await client?.close();
  await Promise.all(
    [plain, fresh, stalling, multiplexed, rpc, ...(cacheHealth ?? [])].map((server) => server?.close()),
  );
  await Promise.all([...(cacheApps ?? []), clientApp].map((app) => app?.close()));
  await cp?.stop();
});

async function afterChecks(server: Counted): Promise<void> {
  await waitFor(() => server.checks >= CHECKS_TO_SEE, `${CHECKS_TO_SEE} health checks`);
}

describe("health check connections", () => {
  it("keeps one HTTP/1.1 connection for all checks", async () => {
    await afterChecks(plain);
    expect(plain.connections).toBe(1);
  });

  it("opens a connection per check when reuse_connection is false", async () => {
    await afterChecks(fresh);
    // The count is read between checks or during one: every check made its own connection.
    expect(fresh.connections).toBeGreaterThanOrEqual(fresh.checks);
  });

  it("keeps one HTTP/2 connection for HTTP/2 checks", async () => {
    await afterChecks(multiplexed);
    expect(multiplexed.connections).toBe(1);
  });

  it("keeps one connection for gRPC checks against a grpc-js health server", async () => {
    await afterChecks(rpc);
    expect(rpc.connections).toBe(1);
  });
});

describe("tcp_health_check with payloads", () => {
  async function cacheServers(n: number): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const response = await request(client.outbound, "cache", "/");
      seen.add(String(response.headers["x-app"] ?? response.status));
    }
    return seen;
  }

  it("passes on the expected reply, on one kept connection per endpoint", async () => {
    for (const health of cacheHealth) await afterChecks(health);
    expect(cacheHealth.map((health) => health.connections)).toEqual([1, 1]);
    await waitFor(async () => (await cacheServers(8)).size === 2, "both cache endpoints serve");
  });

  it("takes an endpoint whose reply lacks PONG out of the balancer, and back once it answers PONG", async () => {
    const b = cacheHealth[1];
    if (!b) throw new Error("no second cache endpoint");
    b.healthy = false;
    await waitFor(async () => [...(await cacheServers(10))].join() === "cache-a", "only cache-a serves");
    b.healthy = true;
    await waitFor(async () => (await cacheServers(8)).has("cache-b"), "cache-b serves again");
  });
});

describe("a check whose reply stalls", () => {
  async function checks(outcome: "success" | "failure"): Promise<number> {
    const stats = await fetch(`http://${client.admin}/stats`).then((r) => r.text());
    const line = new RegExp(`weft_proxy_health_check_${outcome}_total\\{cluster="stalling"\\} (\\d+)`);
    return Number(line.exec(stats)?.[1] ?? 0);
  }

  it("fails on the timeout (the whole reply must arrive), and checking goes on", async () => {
    await afterChecks(stalling);
    stalling.stalled = true;
    await waitFor(async () => (await checks("failure")) >= 2, "two failed checks");
    stalling.stalled = false;
    const passed = await checks("success");
    await waitFor(async () => (await checks("success")) >= passed + 3, "checks that pass again");
  });
});

describe("a configuration change", () => {
  it("closes the connections of a check that changed and of an endpoint that left", async () => {
    const resources = meshResources();
    for (const cluster of resources.clusters) {
      if (cluster.name === "plain") cluster.health_checks = [{ ...TIMING, ...CHECKS.fresh }];
    }
    const gone = resources.endpoints.find((assignment) => assignment.cluster_name === "multiplexed");
    if (gone) gone.endpoints = [];
    const opened = plain.connections;
    cp.publishResources(resources, [client.nodeId]);
    await waitFor(() => plain.firstClosed, "the kept HTTP/1.1 connection closes");
    await waitFor(() => plain.connections >= opened + 3, "a connection per check");
    await waitFor(() => multiplexed.open === 0, "the removed endpoint's HTTP/2 connection closes");
  });
});
