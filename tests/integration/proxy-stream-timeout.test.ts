import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import { parseGrpcTimeout } from "@/lib/proxy/resilience/stream-timeout";
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

// Stream deadlines in the caller's sidecar: gRPC deadlines (grpc-timeout) honoured and capped as the control
// plane configures them from a rule's timeout, grpc_timeout_header_offset, and max_stream_duration capping a
// plain HTTP/1.1 request. Upstreams never answer in time; every bound below is far from the one that applies.

const MESH = `
services:
  - name: client
  - name: rpc
    routes:
      - name: calls
        destinations: [{ service: rpc }]
        timeout: 5s
  - name: capped
    routes:
      - name: short
        destinations: [{ service: capped }]
        timeout: 300ms
  - name: offset
    routes:
      - name: calls
        destinations: [{ service: offset }]
        timeout: 5s
  - name: web
`;

/** A gRPC upstream over cleartext HTTP/2 that records each call's headers and never answers. */
interface SilentUpstream {
  readonly port: number;
  readonly calls: { headers: http2.IncomingHttpHeaders; closed: boolean }[];
  close(): Promise<void>;
}

async function startSilentUpstream(): Promise<SilentUpstream> {
  const server = http2.createServer();
  const calls: SilentUpstream["calls"] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    const call = { headers, closed: false };
    calls.push(call);
    stream.on("error", () => {});
    stream.on("close", () => {
      call.closed = true;
    });
    stream.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}

/** An HTTP/1.1 upstream: /slow answers after 5 s, /trickle sends its head and one chunk, then nothing. */
function slowHandler(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  req.resume();
  if (req.url === "/trickle") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first chunk\n");
    return true;
  }
  const timer = setTimeout(() => res.end("too late"), 5000);
  res.on("close", () => clearTimeout(timer));
  return true;
}

type JsonRoute = { route: Record<string, unknown> };
type JsonRouteConfig = { name: string; virtual_hosts: { routes: JsonRoute[] }[] };

/** Changes every route of one service's RouteConfiguration, as another control plane might send it. */
function patchRoutes(
  routes: readonly object[],
  service: string,
  change: (action: Record<string, unknown>) => void,
) {
  const config = (routes as JsonRouteConfig[]).find((r) => r.name === service);
  if (!config) throw new Error(`no routes for ${service}`);
  for (const host of config.virtual_hosts) for (const route of host.routes) change(route.route);
}

let cp: ControlPlane;
let client: RunningProxy;
let clientApp: TestApp;
let webApp: TestApp;
let silent: SilentUpstream;
let grpcClient: grpc.Client;

beforeAll(async () => {
  cp = await startControlPlane();
  silent = await startSilentUpstream();
  webApp = await startApp("web", slowHandler);
  clientApp = await startApp("client-app");
  client = await testProxy(cp, { service: "client", app: clientApp });
  const at = (service: string, port: number): RegistryEndpoint => ({
    service,
    address: "127.0.0.1",
    port,
    labels: {},
  });
  const registry = [
    at("rpc", silent.port),
    at("capped", silent.port),
    at("offset", silent.port),
    at("web", webApp.port),
  ];
  const resources = JSON.parse(JSON.stringify(translate(MESH, registry, client.nodeId))) as {
    routes: object[];
  };
  // Honour grpc-timeout uncapped, minus 100 ms.
  patchRoutes(resources.routes, "offset", (action) => {
    action.max_stream_duration = {
      grpc_timeout_header_max: { seconds: 0 },
      grpc_timeout_header_offset: { nanos: 100_000_000 },
    };
  });
  // A route timeout far away, and a 300 ms cap on the whole stream.
  patchRoutes(resources.routes, "web", (action) => {
    action.timeout = { seconds: 10 };
    action.max_stream_duration = { max_stream_duration: { nanos: 300_000_000 } };
  });
  cp.publishResources(resources, [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
  grpcClient = new grpc.Client(client.outbound, grpc.credentials.createInsecure());
});

afterAll(async () => {
  grpcClient.close();
  await client.close();
  await Promise.all([clientApp.close(), webApp.close(), silent.close()]);
  await cp.stop();
});

const json = {
  serialize: (value: object) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as object,
};

/** A unary call to `authority` through the sidecar; resolves with the error and the time it took. */
function unaryCall(
  authority: string,
  deadlineMs: number,
): Promise<{ error: grpc.ServiceError | null; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    grpcClient.makeUnaryRequest(
      "/weft.test.Slow/Wait",
      json.serialize,
      json.deserialize,
      { text: "hello" },
      new grpc.Metadata(),
      { deadline: Date.now() + deadlineMs, host: authority },
      (error) => resolve({ error, ms: performance.now() - started }),
    );
  });
}

interface RawResult {
  readonly headers: http2.IncomingHttpHeaders;
  readonly trailers: http2.IncomingHttpHeaders | undefined;
  readonly ms: number;
}

/** A gRPC request with a hand-written grpc-timeout and no deadline of its own (only the proxy can end it). */
async function rawGrpcCall(authority: string, grpcTimeout: string): Promise<RawResult> {
  const session = http2.connect(`http://${client.outbound}`);
  try {
    const started = performance.now();
    return await new Promise<RawResult>((resolve, reject) => {
      const stream = session.request({
        ":method": "POST",
        ":path": "/weft.test.Slow/Wait",
        ":authority": authority,
        "content-type": "application/grpc",
        te: "trailers",
        "grpc-timeout": grpcTimeout,
      });
      let headers: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders | undefined;
      stream.on("response", (h) => {
        headers = h;
      });
      stream.on("trailers", (t) => {
        trailers = t;
      });
      stream.on("error", reject);
      stream.on("close", () => resolve({ headers, trailers, ms: performance.now() - started }));
      stream.resume();
      // One empty, uncompressed message.
      stream.end(Buffer.alloc(5));
    });
  } finally {
    session.close();
  }
}

/** The last upstream call seen with this authority. */
function lastCall(authority: string) {
  const call = silent.calls.findLast((c) => c.headers[":authority"] === authority);
  if (!call) throw new Error(`the upstream saw no call for ${authority}`);
  return call;
}

describe("gRPC deadlines through the caller's sidecar", () => {
  it("honours a client deadline shorter than the route timeout and forwards it", async () => {
    const { error, ms } = await unaryCall("rpc", 300);
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(ms).toBeLessThan(2500); // the route timeout is 5 s
    const call = lastCall("rpc");
    const forwarded = parseGrpcTimeout(call.headers["grpc-timeout"]);
    expect(forwarded).toBeGreaterThan(0);
    expect(forwarded).toBeLessThanOrEqual(300);
    await waitFor(() => call.closed, "the upstream stream to be closed");
  });

  it("ends the call itself at the grpc-timeout, with DEADLINE_EXCEEDED and its reason", async () => {
    const { headers, ms } = await rawGrpcCall("rpc", "300m");
    expect(headers[":status"]).toBe(200);
    expect(headers["grpc-status"]).toBe("4");
    expect(headers["x-weft-reason"]).toBe("upstream_timeout");
    expect(ms).toBeLessThan(2500); // nothing else would end it before the route's 5 s
    const call = lastCall("rpc");
    expect(call.headers["grpc-timeout"]).toBe("300m");
    await waitFor(() => call.closed, "the upstream stream to be reset");
  });

  it("caps a longer client deadline at the route timeout and tells the upstream", async () => {
    const { error, ms } = await unaryCall("capped", 10_000);
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(error?.metadata.get("x-weft-reason")).toEqual(["upstream_timeout"]);
    expect(ms).toBeLessThan(5000); // the client's own deadline is 10 s
    expect(parseGrpcTimeout(lastCall("capped").headers["grpc-timeout"])).toBe(300);
  });

  it("subtracts grpc_timeout_header_offset from the deadline it enforces and forwards", async () => {
    const { headers, ms } = await rawGrpcCall("offset", "400m");
    expect(headers["grpc-status"]).toBe("4");
    expect(ms).toBeLessThan(2500);
    expect(lastCall("offset").headers["grpc-timeout"]).toBe("300m");
  });

  it("ignores a malformed grpc-timeout and keeps the route's limits", async () => {
    const { headers, ms } = await rawGrpcCall("capped", "1.5S");
    expect(headers["grpc-status"]).toBe("4");
    expect(ms).toBeLessThan(5000);
    // Not the caller's (malformed) value: the route's 300 ms, which the sidecar enforced.
    expect(lastCall("capped").headers["grpc-timeout"]).toBe("300m");
  });
});

describe("max_stream_duration on an HTTP/1.1 route", () => {
  const timeouts = () =>
    Number(
      /^weft_proxy_upstream_rq_timeout_total\{cluster="web"\} (\d+)$/m.exec(client.stats.render())?.[1] ?? 0,
    );

  it("ends a long request with 504 and its reason, long before the route timeout", async () => {
    const started = performance.now();
    const response = await request(client.outbound, "web", "/slow");
    expect(response.status).toBe(504);
    expect(response.headers["x-weft-reason"]).toBe("upstream_timeout");
    expect(response.body).toMatch(/stream deadline/);
    expect(performance.now() - started).toBeLessThan(3000); // the upstream answers at 5 s, the route at 10 s
    // A stream deadline is not the host's fault: it is not counted as a route timeout.
    expect(timeouts()).toBe(0);
  });

  it("resets a response that has already started", async () => {
    const started = performance.now();
    const agent = new http.Agent({ keepAlive: false });
    await expect(request(client.outbound, "web", "/trickle", { agent })).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(3000);
    agent.destroy();
  });
});
