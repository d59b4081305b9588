import http from "node:http";
import http2 from "node:http2";
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
  translate,
  waitFor,
} from "@/lib/proxy/testing/harness";
import { protoDuration } from "@/lib/xds/translate/protoValues";
import type { RegistryEndpoint } from "@/lib/xds/translate/types";

// The connection manager's stream_idle_timeout and request_timeout and the route's idle_timeout, in the
// caller's sidecar, against an upstream that goes quiet in different ways. Every limit is at least 3x
// shorter than the next bound that could end the request instead.

const MESH = `
services:
  - name: client
  - name: idle
  - name: override
  - name: routeidle
  - name: upload
  - name: tryidle
`;

let silentOnceCalls = 0;

/**
 * /silent never answers; /silent-once does not answer its first request but does the next; /stall sends its
 * head and one chunk, then nothing; /drip a chunk every 100 ms.
 */
function quietHandler(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.url === "/silent-once") {
    req.resume();
    silentOnceCalls += 1;
    if (silentOnceCalls > 1) res.end(`answered call ${silentOnceCalls}\n`);
    return true;
  }
  if (req.url === "/silent") {
    req.resume();
    return true;
  }
  if (req.url === "/stall") {
    req.resume();
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first chunk\n");
    return true;
  }
  if (req.url === "/drip") {
    req.resume();
    res.writeHead(200, { "content-type": "text/plain" });
    let sent = 0;
    const timer = setInterval(() => {
      sent += 1;
      if (sent < 8) res.write(`chunk ${sent}\n`);
      else {
        clearInterval(timer);
        res.end("done\n");
      }
    }, 100);
    res.on("close", () => clearInterval(timer));
    return true;
  }
  return false;
}

type JsonObject = Record<string, unknown>;
interface Resources {
  listeners: { name: string; api_listener: { api_listener: JsonObject } }[];
  routes: { name: string; virtual_hosts: { routes: { route: JsonObject }[] }[] }[];
}

/** Changes one service's connection manager and route action, as another control plane might send them. */
function patch(resources: Resources, service: string, hcm: JsonObject, action: JsonObject): void {
  const listener = resources.listeners.find((l) => l.name === service);
  const routes = resources.routes.find((r) => r.name === service);
  if (!listener || !routes) throw new Error(`no resources for ${service}`);
  Object.assign(listener.api_listener.api_listener, hcm);
  for (const host of routes.virtual_hosts)
    for (const route of host.routes) Object.assign(route.route, action);
}

let cp: ControlPlane;
let client: RunningProxy;
let clientApp: TestApp;
let quietApp: TestApp;

beforeAll(async () => {
  cp = await startControlPlane();
  quietApp = await startApp("quiet", quietHandler);
  clientApp = await startApp("client-app");
  client = await testProxy(cp, { service: "client", app: clientApp });
  const at = (service: string): RegistryEndpoint => ({
    service,
    address: "127.0.0.1",
    port: quietApp.port,
    labels: {},
  });
  const registry = ["idle", "override", "routeidle", "upload", "tryidle"].map(at);
  const resources = JSON.parse(JSON.stringify(translate(MESH, registry, client.nodeId))) as Resources;
  // No route timeout: only the connection manager's 300 ms idle timeout can end a quiet stream.
  patch(
    resources,
    "idle",
    { stream_idle_timeout: protoDuration("300ms") },
    { timeout: protoDuration("0ms") },
  );
  // The route turns the connection manager's idle timeout off; its 1 s route timeout applies instead.
  patch(
    resources,
    "override",
    { stream_idle_timeout: protoDuration("300ms") },
    { timeout: protoDuration("1000ms"), idle_timeout: protoDuration("0ms") },
  );
  // The connection manager keeps Envoy's 5 minutes; the route's 250 ms applies.
  patch(resources, "routeidle", {}, { timeout: protoDuration("0ms"), idle_timeout: protoDuration("250ms") });
  patch(
    resources,
    "upload",
    { request_timeout: protoDuration("400ms") },
    { timeout: protoDuration("5000ms") },
  );
  // Each attempt must make progress every 200 ms; one retry.
  patch(
    resources,
    "tryidle",
    {},
    {
      timeout: protoDuration("5000ms"),
      retry_policy: {
        retry_on: "5xx",
        num_retries: { value: 1 },
        per_try_idle_timeout: protoDuration("200ms"),
        retry_back_off: { base_interval: protoDuration("1ms") },
      },
    },
  );
  cp.publishResources(resources, [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
});

afterAll(async () => {
  await client.close();
  await Promise.all([clientApp.close(), quietApp.close()]);
  await cp.stop();
});

const counter = (name: string) =>
  Number(
    new RegExp(`^weft_proxy_${name}\\{listener="outbound"\\} (\\d+)$`, "m").exec(
      client.stats.render(),
    )?.[1] ?? 0,
  );

/** A GET through the sidecar read to its end, or to the error that cut it short ("aborted" for a reset). */
function readToEnd(service: string, path: string): Promise<{ status: number; body: string; error: string }> {
  const [host, port] = splitAddress(client.outbound);
  return new Promise((resolve) => {
    const req = http.request({ host, port, path, headers: { host: service } }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("error", (error) => resolve({ status: res.statusCode ?? 0, body, error: error.message }));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, error: "" }));
    });
    req.on("error", (error) => resolve({ status: 0, body: "", error: error.message }));
    req.end();
  });
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe("stream idle timeout", () => {
  it("answers 408 when the upstream sends nothing for the connection manager's idle timeout", async () => {
    const before = counter("downstream_rq_idle_timeout_total");
    const { value: res, ms } = await timed(() => request(client.outbound, "idle", "/silent"));
    expect(res.status).toBe(408);
    expect(res.headers["x-weft-reason"]).toBe("stream_idle_timeout");
    expect(res.body).toBe("stream idle for 300 ms\n");
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1000);
    expect(counter("downstream_rq_idle_timeout_total")).toBe(before + 1);
  });

  it("lets a response that keeps moving run longer than the idle timeout", async () => {
    const { value: res, ms } = await timed(() => request(client.outbound, "idle", "/drip"));
    expect(res.status).toBe(200);
    expect(res.body).toContain("chunk 7\ndone\n");
    expect(ms).toBeGreaterThan(600);
  });

  it("resets a response that stops moving after it started", async () => {
    const before = counter("downstream_rq_idle_timeout_total");
    const started = performance.now();
    const outcome = await readToEnd("idle", "/stall");
    const ms = performance.now() - started;
    expect(outcome.status).toBe(200);
    expect(outcome.body).toBe("first chunk\n");
    expect(outcome.error).toBe("aborted");
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1000);
    expect(counter("downstream_rq_idle_timeout_total")).toBe(before + 1);
  });

  it("applies the route's idle_timeout instead of the connection manager's", async () => {
    const { value: res, ms } = await timed(() => request(client.outbound, "routeidle", "/silent"));
    expect(res.status).toBe(408);
    expect(res.body).toBe("stream idle for 250 ms\n");
    expect(ms).toBeLessThan(1000);
  });

  it("lets a route turn the idle timeout off (its route timeout ends the request instead)", async () => {
    const { value: res, ms } = await timed(() => request(client.outbound, "override", "/silent"));
    expect(res.status).toBe(504);
    expect(res.headers["x-weft-reason"]).toBe("upstream_timeout");
    expect(ms).toBeGreaterThanOrEqual(990);
  });

  it("applies to HTTP/2 requests the same way", async () => {
    const session = http2.connect(`http://${client.outbound}`);
    try {
      const { value: res, ms } = await timed(
        () =>
          new Promise<{ status: number; reason: unknown; body: string }>((resolve, reject) => {
            const stream = session.request({ ":path": "/silent", ":authority": "idle" });
            let status = 0;
            let reason: unknown;
            let body = "";
            stream.on("response", (headers) => {
              status = Number(headers[":status"]);
              reason = headers["x-weft-reason"];
            });
            stream.on("data", (chunk: Buffer) => {
              body += chunk.toString();
            });
            stream.on("end", () => resolve({ status, reason, body }));
            stream.on("error", reject);
            stream.end();
          }),
      );
      expect(res).toEqual({ status: 408, reason: "stream_idle_timeout", body: "stream idle for 300 ms\n" });
      expect(ms).toBeLessThan(1000);
    } finally {
      session.close();
    }
  });
});

describe("request timeout", () => {
  it("answers 408 and closes the connection when the request body does not arrive in time", async () => {
    const before = counter("downstream_rq_timeout_total");
    const [host, port] = splitAddress(client.outbound);
    const started = performance.now();
    const res = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const req = http.request(
          { host, port, method: "POST", path: "/upload", headers: { host: "upload" }, agent: false },
          (response) => {
            let body = "";
            response.on("data", (chunk: Buffer) => {
              body += chunk.toString();
            });
            response.on("end", () =>
              resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
            );
          },
        );
        req.on("error", reject);
        // Chunked, and never ended: the body is still arriving when the timeout fires.
        req.write("part of the body");
      },
    );
    expect(res.status).toBe(408);
    expect(res.headers["x-weft-reason"]).toBe("request_timeout");
    expect(res.headers.connection).toBe("close");
    expect(res.body).toBe("the whole request did not arrive within 400 ms\n");
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(counter("downstream_rq_timeout_total")).toBe(before + 1);
  });

  it("does not apply once the whole request has arrived", async () => {
    const res = await request(client.outbound, "upload", "/drip", { method: "POST", body: "all of it" });
    expect(res.status).toBe(200);
    expect(res.body).toContain("done\n");
  });
});

describe("per-try idle timeout", () => {
  it("retries an attempt that makes no progress before its response", async () => {
    const { value: res, ms } = await timed(() => request(client.outbound, "tryidle", "/silent-once"));
    expect(res.status).toBe(200);
    expect(res.body).toBe("answered call 2\n");
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(1500);
  });

  it("keeps an attempt whose response keeps moving", async () => {
    const res = await request(client.outbound, "tryidle", "/drip");
    expect(res.status).toBe(200);
    expect(res.body).toContain("chunk 7\ndone\n");
  });

  it("resets a response that stops moving, once it has started", async () => {
    const started = performance.now();
    const outcome = await readToEnd("tryidle", "/stall");
    expect(outcome).toEqual({ status: 200, body: "first chunk\n", error: "aborted" });
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
