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
import { type OtlpReceiver, startOtlpReceiver } from "@/lib/proxy/testing/otlp-receiver";
import { UPSTREAM_STATE_METRICS } from "@/lib/telemetry/metric-contract";
import type { MetricPointRow } from "@/lib/telemetry/rows";

// The caller's sidecar reports the upstream state it acts on: an endpoint ejected by outlier detection and
// a circuit breaker that refused requests, as OTLP gauges read back with ingest's decoder, and the return
// to normal once the ejection ends.

let cp: ControlPlane;
let receiver: OtlpReceiver;
let points: MetricPointRow[] = [];
const apps: TestApp[] = [];
const proxies: RunningProxy[] = [];
let caller: RunningProxy;
let failing = true;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  points = receiver.points;
  const otlp = receiver.url;
  cp = await startControlPlane();
  const bad = await startApp("ratings-bad", (req, res) => {
    if (!failing) return false;
    req.resume();
    res.writeHead(500).end("broken");
    return true;
  });
  const good = await startApp("ratings-good");
  const slow = await startApp("pricing", (req, res) => {
    req.resume();
    setTimeout(() => res.writeHead(200).end("slow"), 300);
    return true;
  });
  const slower = await startApp("inventory", (req, res) => {
    req.resume();
    setTimeout(() => res.writeHead(200).end("too late"), 1_000);
    return true;
  });
  const webApp = await startApp("web");
  apps.push(bad, good, slow, slower, webApp);
  const badProxy = await testProxy(cp, { service: "ratings", app: bad });
  const goodProxy = await testProxy(cp, { service: "ratings", app: good });
  const pricingProxy = await testProxy(cp, { service: "pricing", app: slow });
  const inventoryProxy = await testProxy(cp, { service: "inventory", app: slower });
  caller = await testProxy(cp, { service: "web", app: webApp, otlp, exportIntervalMs: 100 });
  proxies.push(badProxy, goodProxy, pricingProxy, inventoryProxy, caller);
  cp.publish(
    `
services:
  - name: web
  - name: ratings
    routes: [{ name: default, destinations: [{ service: ratings }] }]
    policy:
      loadBalancer: { type: round_robin }
      outlierDetection: { consecutive5xx: 3, interval: 100ms, baseEjectionTime: 1s, maxEjectionPercent: 50 }
  - name: pricing
    routes: [{ name: default, destinations: [{ service: pricing }] }]
    policy:
      circuitBreakers: { maxRequests: 1, maxPendingRequests: 1 }
  - name: inventory
    routes: [{ name: default, destinations: [{ service: inventory }], timeout: 100ms }]
    policy:
      outlierDetection: { consecutive5xx: 2, interval: 100ms, baseEjectionTime: 30s, maxEjectionPercent: 100 }
`,
    [
      instance("ratings", badProxy),
      instance("ratings", goodProxy),
      instance("pricing", pricingProxy),
      instance("inventory", inventoryProxy),
    ],
    proxies.map((p) => p.nodeId),
  );
  await waitFor(() => proxies.every((p) => p.ready()), "ready");
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await Promise.all(apps.map((a) => a.close()));
  receiver.close();
  await cp.stop();
});

const newest = (metric: string, destination: string, limit?: string) =>
  points
    .filter(
      (p) =>
        p.metricName === metric &&
        p.attributes["weft.destination.service"] === destination &&
        (limit === undefined || p.attributes["weft.circuit_breaker.limit"] === limit),
    )
    .at(-1);
const gaugeValue = (point: MetricPointRow | undefined) => (point?.type === "gauge" ? point.value : undefined);

describe("upstream state gauges", () => {
  it("report an ejected endpoint while it is ejected, then its return", async () => {
    for (let i = 0; i < 8; i++) await request(caller.outbound, "ratings", "/r");
    await waitFor(() => gaugeValue(newest(UPSTREAM_STATE_METRICS.ejected, "ratings")) === 1, "one ejected");
    const point = newest(UPSTREAM_STATE_METRICS.ejected, "ratings");
    expect(point).toMatchObject({ service: "web", type: "gauge" });
    expect(point?.attributes).toMatchObject({
      "weft.source.service": "web",
      "weft.destination.service": "ratings",
    });
    expect(gaugeValue(newest(UPSTREAM_STATE_METRICS.endpoints, "ratings"))).toBe(2);
    failing = false;
    // The ejection ends after baseEjectionTime; the sidecar then says so once.
    await waitFor(
      () => gaugeValue(newest(UPSTREAM_STATE_METRICS.ejected, "ratings")) === 0,
      "ejection over",
      5_000,
    );
  });

  it("report a circuit breaker that refused requests", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => request(caller.outbound, "pricing", "/quote")),
    );
    expect(results.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    await waitFor(
      () => gaugeValue(newest(UPSTREAM_STATE_METRICS.breakerOpen, "pricing", "max_requests")) === 1,
      "max_requests open",
    );
    expect(gaugeValue(newest(UPSTREAM_STATE_METRICS.ejected, "pricing"))).toBe(0);
    await waitFor(
      () => gaugeValue(newest(UPSTREAM_STATE_METRICS.breakerOpen, "pricing", "max_requests")) === 0,
      "breaker closed again",
      5_000,
    );
  });

  it("count route timeouts against the endpoint that did not answer, as Envoy does", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await request(caller.outbound, "inventory", "/stock");
      expect(r.status).toBe(504);
    }
    await waitFor(
      () => gaugeValue(newest(UPSTREAM_STATE_METRICS.ejected, "inventory")) === 1,
      "ejected by timeouts",
    );
  });
});
