import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  type ControlPlane,
  request,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  waitFor,
} from "@/lib/proxy/testing/harness";
import type { RegistryEndpoint } from "@/lib/xds/translate/types";

// One calling sidecar ("client") and upstream apps with scripted behaviour, registered directly as
// endpoints: the caller's sidecar is where retries, timeouts, breakers, ejection, health checks, rate
// limits and faults happen.

const MESH = `
services:
  - name: client
  - name: flaky
    routes:
      - name: retried
        destinations: [{ service: flaky }]
        retry: { attempts: 3, retryOn: [5xx], backoff: { baseInterval: 1ms, maxInterval: 5ms } }
  - name: resetting
    routes:
      - name: retried
        destinations: [{ service: resetting }]
        retry: { attempts: 2, retryOn: [reset], backoff: { baseInterval: 1ms } }
  - name: dying
    routes:
      - name: retried
        destinations: [{ service: dying }]
        retry: { attempts: 2, retryOn: [connect-failure, reset], backoff: { baseInterval: 1ms } }
    policy:
      outlierDetection: { consecutiveGatewayErrors: 2, interval: 50ms, baseEjectionTime: 10s, maxEjectionPercent: 50 }
  - name: outlier
    policy:
      outlierDetection: { consecutive5xx: 3, interval: 50ms, baseEjectionTime: 600ms, maxEjectionPercent: 50 }
  - name: breaker
    policy:
      circuitBreakers: { maxRequests: 2 }
  - name: checked
    policy:
      healthCheck: { path: /healthz, interval: 100ms, timeout: 100ms, healthyThreshold: 1, unhealthyThreshold: 1 }
  - name: slow
    routes:
      - name: quick
        match: { path: { prefix: /quick } }
        destinations: [{ service: slow }]
        timeout: 100ms
      - name: per-try
        destinations: [{ service: slow }]
        timeout: 2s
        retry: { attempts: 2, perTryTimeout: 100ms, retryOn: [5xx], backoff: { baseInterval: 1ms } }
  - name: limited
    policy:
      localRateLimit: { tokensPerFill: 1, fillInterval: 1h, maxTokens: 5 }
  - name: faulty
    routes:
      - name: chaos
        match: { path: { prefix: /chaos } }
        destinations: [{ service: faulty }]
        fault:
          abort: { percentage: 30, httpStatus: 503 }
          delay: { percentage: 100, duration: 100ms }
          headers: [{ name: x-chaos, present: true }]
      - name: aborts
        destinations: [{ service: faulty }]
        fault:
          abort: { percentage: 30, httpStatus: 503 }
  - name: mirrored
    subsets:
      - { name: live, labels: { role: live } }
      - { name: shadow, labels: { role: shadow } }
    routes:
      - name: copy
        destinations: [{ service: mirrored, subset: live }]
        mirror: { service: mirrored, subset: shadow, percentage: 100 }
`;

let cp: ControlPlane;
let client: RunningProxy;
const apps = new Map<string, TestApp>();
const registry: RegistryEndpoint[] = [];

/** Starts an app and registers it as an endpoint of `service`. */
async function upstream(
  service: string,
  name: string,
  handler?: (req: http.IncomingMessage, res: http.ServerResponse, app: TestApp) => boolean | undefined,
  labels: Record<string, string> = {},
): Promise<TestApp> {
  const app = await startApp(name, handler);
  apps.set(name, app);
  registry.push({ service, address: "127.0.0.1", port: app.port, labels });
  return app;
}

const state = { outlierBad: true, checkedBad: true, checkedBadTraffic: 0, breakerAborted: 0 };

function reply(res: http.ServerResponse, status: number, body = "") {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(body);
}

beforeAll(async () => {
  cp = await startControlPlane();
  // Every other request fails.
  await upstream("flaky", "flaky", (_req, res, app) => {
    if (app.count % 2 === 1) {
      reply(res, 503, "flaky");
      return true;
    }
    return undefined;
  });
  // Resets every other connection before answering.
  await upstream("resetting", "resetting", (req, _res, app) => {
    if (app.count % 2 === 1) {
      req.socket.destroy();
      return true;
    }
    return undefined;
  });
  await upstream("dying", "dying-1");
  await upstream("dying", "dying-2");
  await upstream("outlier", "outlier-good-1");
  await upstream("outlier", "outlier-good-2");
  await upstream("outlier", "outlier-bad", (_req, res) => {
    if (!state.outlierBad) return undefined;
    reply(res, 500, "broken");
    return true;
  });
  await upstream("breaker", "breaker", (_req, res) => {
    const timer = setTimeout(() => reply(res, 200, "slow"), 300);
    res.on("close", () => {
      if (res.writableFinished) return;
      clearTimeout(timer);
      state.breakerAborted += 1;
    });
    return true;
  });
  await upstream("checked", "checked-good");
  await upstream("checked", "checked-bad", (req, res) => {
    if (req.url === "/healthz") {
      reply(res, state.checkedBad ? 503 : 200);
      return true;
    }
    state.checkedBadTraffic += 1;
    return undefined;
  });
  // Slow on odd requests: the first try of a pair times out, its retry is quick.
  await upstream("slow", "slow", (_req, res, app) => {
    setTimeout(() => reply(res, 200, "done"), app.count % 2 === 1 ? 400 : 0);
    return true;
  });
  await upstream("limited", "limited");
  await upstream("faulty", "faulty");
  await upstream("mirrored", "mirrored-live", undefined, { role: "live" });
  await upstream("mirrored", "mirrored-shadow", undefined, { role: "shadow" });
  const clientApp = await startApp("client-app");
  apps.set("client-app", clientApp);
  client = await testProxy(cp, { service: "client", app: clientApp });
  cp.publish(MESH, registry, [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
});

afterAll(async () => {
  await client.close();
  await Promise.all([...apps.values()].map((a) => a.close()));
  await cp.stop();
});

const call = (service: string, path = "/", headers: http.OutgoingHttpHeaders = {}) =>
  request(client.outbound, service, path, { headers });

async function many(n: number, fn: () => Promise<{ status: number }>, concurrency = 10) {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += concurrency) {
    const batch = await Promise.all(Array.from({ length: Math.min(concurrency, n - i) }, fn));
    statuses.push(...batch.map((r) => r.status));
  }
  return statuses;
}

const stat = (name: string, labels: string) =>
  Number(new RegExp(`^weft_proxy_${name}\\{${labels}\\} (\\d+)$`, "m").exec(client.stats.render())?.[1] ?? 0);

describe("retries", () => {
  it("turn an upstream failing every other request into successes", async () => {
    const statuses = await many(50, () => call("flaky"), 1);
    expect(statuses.map((s, i) => `${i}:${s}`).filter((s) => !s.endsWith(":200"))).toEqual([]);
    expect(apps.get("flaky")?.count).toBeGreaterThanOrEqual(100);
    expect(stat("upstream_rq_retry_total", 'cluster="flaky"')).toBeGreaterThanOrEqual(50);
  });
});

describe("upstreams that reset or die", () => {
  it("retry requests whose connection was reset before the response", async () => {
    const statuses = await many(30, () => call("resetting"), 1);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Every other attempt was reset: 30 answers took about 60 attempts.
    expect(apps.get("resetting")!.count).toBeGreaterThanOrEqual(59);
  });

  it("lose no request when one endpoint dies under load, and eject it", async () => {
    let running = true;
    let failures = 0;
    let done = 0;
    const worker = async () => {
      while (running) {
        const r = await call("dying").catch(() => ({ status: 0 }));
        if (r.status !== 200) failures += 1;
        done += 1;
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await apps.get("dying-1")!.close();
    const survivor = apps.get("dying-2")!;
    const before = survivor.count;
    await new Promise((resolve) => setTimeout(resolve, 300));
    running = false;
    await Promise.all(workers);
    expect(done).toBeGreaterThan(50);
    expect(failures).toBe(0);
    expect(survivor.count).toBeGreaterThan(before);
    expect(stat("outlier_ejections_total", 'cluster="dying"')).toBe(1);
  });
});

describe("outlier detection", () => {
  it("ejects an endpoint after consecutive 5xx and lets it back once its ejection ends", async () => {
    const bad = apps.get("outlier-bad")!;
    await many(30, () => call("outlier"), 1);
    await waitFor(() => stat("outlier_ejections_total", 'cluster="outlier"') >= 1, "an ejection");
    const before = bad.count;
    const statuses = await many(60, () => call("outlier"));
    expect(bad.count).toBe(before);
    expect(statuses.every((s) => s === 200)).toBe(true);
    state.outlierBad = false;
    await waitFor(() => stat("outlier_ejections_active", 'cluster="outlier"') === 0, "un-ejection", 5_000);
    await many(30, () => call("outlier"));
    expect(bad.count).toBeGreaterThan(before);
  });
});

describe("circuit breaker", () => {
  it("answers 503 with the reason beyond max_requests, then recovers", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => call("breaker")));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    expect(ok).toHaveLength(2);
    expect(refused).toHaveLength(8);
    expect(refused[0]?.headers["x-weft-reason"]).toBe("circuit_breaker_open");
    expect(refused[0]?.headers["x-envoy-overloaded"]).toBe("true");
    expect(refused[0]?.body).toMatch(/max_requests \(2\)/);
    const after = await Promise.all([call("breaker"), call("breaker")]);
    expect(after.map((r) => r.status)).toEqual([200, 200]);
    expect(stat("upstream_rq_overflow_total", 'cluster="breaker"')).toBe(8);
  });
});

describe("a caller that goes away", () => {
  it("frees its circuit breaker slot at once", async () => {
    const [host, port] = client.outbound.split(":");
    const abandoned = Array.from({ length: 2 }, async () => {
      const req = http.request({ host, port: Number(port), path: "/", headers: { host: "breaker" } });
      req.on("error", () => {});
      req.end();
      await new Promise((resolve) => setTimeout(resolve, 50));
      req.destroy();
    });
    await Promise.all(abandoned);
    // The proxy cancelled the upstream requests (the app saw them go) and freed their slots.
    await waitFor(() => state.breakerAborted === 2, "upstream requests cancelled");
    expect(stat("upstream_rq_active", 'cluster="breaker"')).toBe(0);
    const after = await Promise.all([call("breaker"), call("breaker")]);
    expect(after.map((r) => r.status)).toEqual([200, 200]);
  });
});

describe("active health checks", () => {
  it("take a failing endpoint out of the balancer and bring it back when it passes", async () => {
    await waitFor(async () => {
      const dump = JSON.parse((await request(client.admin, "a", "/clusters")).body) as Record<
        string,
        { endpoints: { failed_active_health_check: boolean }[] }
      >;
      return dump.checked?.endpoints.some((e) => e.failed_active_health_check) ?? false;
    }, "check failing");
    const before = state.checkedBadTraffic;
    const statuses = await many(40, () => call("checked"));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(state.checkedBadTraffic).toBe(before);
    expect(stat("health_check_failure_total", 'cluster="checked"')).toBeGreaterThanOrEqual(1);
    state.checkedBad = false;
    await waitFor(async () => {
      await many(10, () => call("checked", "/app"));
      return state.checkedBadTraffic - before >= 3;
    }, "endpoint back in the balancer");
  });
});

describe("timeouts", () => {
  it("answer 504 when the route timeout passes", async () => {
    // Align the app's counter so that this request is a slow one.
    const app = apps.get("slow")!;
    if (app.count % 2 === 1) await call("slow", "/quick");
    const r = await call("slow", "/quick");
    expect(`${r.status} ${r.body}`).toMatch(/^504 /);
    expect(r.headers["x-weft-reason"]).toBe("upstream_timeout");
  });

  it("retry an attempt that hits the per-try timeout", async () => {
    const app = apps.get("slow")!;
    if (app.count % 2 === 1) await call("slow", "/quick");
    const r = await call("slow", "/per-try");
    expect(r.status).toBe(200);
    expect(stat("upstream_rq_per_try_timeout_total", 'cluster="slow"')).toBeGreaterThanOrEqual(1);
  });
});

describe("local rate limit", () => {
  it("answers 429 once the bucket is empty", async () => {
    const statuses = await many(8, () => call("limited"), 1);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const r = await call("limited");
    expect(r.headers["x-weft-reason"]).toBe("rate_limited");
  });
});

describe("faults", () => {
  it("abort at the configured rate", async () => {
    const statuses = await many(1000, () => call("faulty", "/x"), 20);
    const aborted = statuses.filter((s) => s === 503).length;
    // 30% of 1000: standard deviation about 14.5.
    expect(aborted).toBeGreaterThan(300 - 60);
    expect(aborted).toBeLessThan(300 + 60);
    expect(statuses.filter((s) => s !== 503 && s !== 200)).toEqual([]);
  });

  it("delay requests that carry the fault's header, and only those", async () => {
    const delayedBefore = stat("fault_delays_injected_total", 'listener="outbound"');
    const started = performance.now();
    await call("faulty", "/chaos", { "x-chaos": "1" });
    await call("faulty", "/chaos");
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(stat("fault_delays_injected_total", 'listener="outbound"')).toBe(delayedBefore + 1);
  });
});

describe("mirroring", () => {
  it("sends a copy to the shadow subset with -shadow appended to the host", async () => {
    const shadow = apps.get("mirrored-shadow")!;
    const before = shadow.count;
    const r = await call("mirrored", "/m");
    expect(r.headers["x-app"]).toBe("mirrored-live");
    await waitFor(() => shadow.count === before + 1, "mirrored copy");
  });
});
