import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  type ControlPlane,
  instance,
  request,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  waitFor,
} from "@/lib/proxy/testing/harness";

// Two sidecars on real sockets: "web" calls "reviews" (three instances, v1 and v2) through its outbound
// listener; the control plane is lib/xds's server fed by the translator, as in `weft server`.

const mesh = (v1: number, v2: number, extra = "") => `
services:
  - name: web
  - name: reviews
    subsets:
      - { name: v1, labels: { version: v1 } }
      - { name: v2, labels: { version: v2 } }
    routes:
      - name: jason
        match:
          headers: [{ name: end-user, exact: jason }]
        destinations: [{ service: reviews, subset: v2 }]
        requestHeaders: { set: { x-routed: jason } }
        responseHeaders: { add: { x-served-by: weft } }
      - name: split
        destinations:
          - { service: reviews, subset: v1, weight: ${v1} }
          - { service: reviews, subset: v2, weight: ${v2} }
${extra}`;

let cp: ControlPlane;
const apps: TestApp[] = [];
const proxies: RunningProxy[] = [];
let web: RunningProxy;
let registry: ReturnType<typeof instance>[];

async function sidecar(service: string, version: string): Promise<RunningProxy> {
  const app = await startApp(`${service}-${version}-${apps.length}`, (req, res) => {
    if (req.url === "/upload") {
      let received = 0;
      req.on("data", (chunk: Buffer) => {
        received += chunk.length;
      });
      req.on("end", () => res.end(JSON.stringify({ received })));
      return true;
    }
    if (req.url === "/big") {
      res.end(Buffer.alloc(3 * 1024 * 1024, "b"));
      return true;
    }
    return undefined;
  });
  apps.push(app);
  const proxy = await testProxy(cp, { service, labels: { version }, app });
  proxies.push(proxy);
  return proxy;
}

function publish(v1: number, v2: number, extra = "") {
  cp.publish(
    mesh(v1, v2, extra),
    registry,
    proxies.map((p) => p.nodeId),
  );
}

async function countApps(n: number, headers: http.OutgoingHttpHeaders = {}): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const one = async () => {
    const r = await request(web.outbound, "reviews", "/r", { headers });
    const app = r.status === 200 ? String(r.headers["x-app"]) : `status ${r.status}`;
    counts.set(app, (counts.get(app) ?? 0) + 1);
  };
  for (let i = 0; i < n; i += 20) await Promise.all(Array.from({ length: Math.min(20, n - i) }, one));
  return counts;
}

beforeAll(async () => {
  cp = await startControlPlane();
  const v1a = await sidecar("reviews", "v1");
  const v1b = await sidecar("reviews", "v1");
  const v2 = await sidecar("reviews", "v2");
  web = await sidecar("web", "v1");
  registry = [
    instance("reviews", v1a, { version: "v1" }),
    instance("reviews", v1b, { version: "v1" }),
    instance("reviews", v2, { version: "v2" }),
  ];
  publish(80, 20);
  await waitFor(() => proxies.every((p) => p.ready()), "proxies ready");
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await Promise.all(apps.map((a) => a.close()));
  await cp.stop();
});

describe("outbound routing through two sidecars", () => {
  it("splits traffic by weight within tolerance and balances within a subset", async () => {
    const counts = await countApps(1000);
    const v1 = (counts.get("reviews-v1-0") ?? 0) + (counts.get("reviews-v1-1") ?? 0);
    const v2 = counts.get("reviews-v2-2") ?? 0;
    expect(v1 + v2).toBe(1000);
    // 80/20 over 1000 requests: the standard deviation of the v2 count is about 12.6.
    expect(v2).toBeGreaterThan(200 - 60);
    expect(v2).toBeLessThan(200 + 60);
    // Round robin over the two v1 instances.
    expect(Math.abs((counts.get("reviews-v1-0") ?? 0) - (counts.get("reviews-v1-1") ?? 0))).toBeLessThan(
      v1 * 0.1,
    );
  });

  it("matches header rules first and applies the rule's header changes both ways", async () => {
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const r = await request(web.outbound, "reviews:9080", "/x", {
      headers: { "end-user": "jason", traceparent },
    });
    expect(r.status).toBe(200);
    expect(r.headers["x-app"]).toBe("reviews-v2-2");
    expect(r.headers["x-served-by"]).toBe("weft");
    const seen = JSON.parse(r.body) as { headers: Record<string, string> };
    expect(seen.headers["x-routed"]).toBe("jason");
    expect(seen.headers.host).toBe("reviews:9080");
    expect(seen.headers["x-envoy-downstream-service-cluster"]).toBe("web");
    // Without telemetry export the proxies record no spans, so the caller's trace context passes through.
    expect(seen.headers.traceparent).toBe(traceparent);
  });

  it("works as an HTTP proxy with absolute-form URIs (HTTP_PROXY)", async () => {
    const [host, port] = web.outbound.split(":");
    const r = await new Promise<{ status: number; app: string }>((resolve, reject) => {
      http
        .get(
          {
            host,
            port: Number(port),
            path: "http://reviews:9080/via-proxy",
            headers: { host: "reviews:9080" },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode ?? 0, app: String(res.headers["x-app"]) }));
          },
        )
        .on("error", reject);
    });
    expect(r.status).toBe(200);
    expect(r.app).toMatch(/^reviews-/);
  });

  it("answers 404 with a reason for an unknown service and 501 for https via the proxy", async () => {
    const unknown = await request(web.outbound, "nowhere:80", "/");
    expect(unknown.status).toBe(404);
    expect(unknown.headers["x-weft-reason"]).toBe("unknown_service");
    expect(unknown.body).toMatch(/no service named 'nowhere'/);
    const [host, port] = web.outbound.split(":");
    const https = await new Promise<number>((resolve) => {
      http.get({ host, port: Number(port), path: "https://reviews/" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
    });
    expect(https).toBe(501);
  });

  it("streams large request and response bodies both ways", async () => {
    const body = "x".repeat(5 * 1024 * 1024);
    const r = await request(web.outbound, "reviews", "/upload", {
      method: "POST",
      headers: { "content-type": "text/plain", "end-user": "jason" },
      body,
    });
    expect(r.status).toBe(200);
    const echoed = JSON.parse(r.body) as { received: number };
    expect(echoed.received).toBe(body.length);
    const big = await request(web.outbound, "reviews", "/big", { headers: { "end-user": "jason" } });
    expect(big.body.length).toBe(3 * 1024 * 1024);
  });

  it("answers 503 no_healthy_upstream when a subset has no endpoint", async () => {
    const saved = registry;
    registry = registry.filter((r) => r.labels.version !== "v2");
    publish(80, 20);
    await waitFor(() => web.config().loadAssignments.get("reviews|v2")?.endpoints.length === 0, "v2 emptied");
    const r = await request(web.outbound, "reviews", "/", { headers: { "end-user": "jason" } });
    expect(r.status).toBe(503);
    expect(r.headers["x-weft-reason"]).toBe("no_healthy_upstream");
    expect(r.body).toMatch(/reviews\|v2/);
    registry = saved;
    publish(80, 20);
    await waitFor(() => web.config().loadAssignments.get("reviews|v2")?.endpoints.length === 1, "v2 back");
  });

  it("loses no request when the split changes under load", async () => {
    let failures = 0;
    let done = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        const r = await request(web.outbound, "reviews", "/load").catch(() => ({ status: 0 }));
        if (r.status !== 200) failures += 1;
        done += 1;
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    for (const [v1, v2] of [
      [0, 100],
      [50, 50],
      [100, 0],
      [80, 20],
    ] as const) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      publish(v1, v2);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    running = false;
    await Promise.all(workers);
    expect(done).toBeGreaterThan(100);
    expect(failures).toBe(0);
  });

  it("serves /ready, /healthz, /stats and /config_dump on the admin port", async () => {
    const ready = await request(web.admin, "admin", "/ready");
    expect(ready.status).toBe(200);
    expect((await request(web.admin, "admin", "/healthz")).body).toBe("ok\n");
    const stats = await request(web.admin, "admin", "/stats");
    expect(stats.headers["content-type"]).toMatch(/^text\/plain; version=0.0.4/);
    expect(stats.body).toMatch(/^weft_proxy_upstream_rq_total\{cluster="reviews\|v1"\} [1-9]\d*$/m);
    expect(stats.body).toMatch(/^weft_proxy_downstream_rq_total\{listener="outbound"\} [1-9]\d*$/m);
    expect(stats.body).toMatch(/^weft_proxy_xds_connected 1$/m);
    const dump = JSON.parse((await request(web.admin, "admin", "/config_dump")).body) as {
      ready: boolean;
      resources: Record<string, { version: string; resources: { name: string }[] }>;
    };
    expect(dump.ready).toBe(true);
    expect(dump.resources.cds?.resources.map((r) => r.name)).toContain("reviews|v2");
    expect(dump.resources.lds?.version).toBe(cp.cache.get(web.nodeId)?.listeners.version);
  });
});
