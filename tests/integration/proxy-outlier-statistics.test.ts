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

// Envoy's statistical outlier detectors, as another control plane might configure them (ours sends
// enforcing_success_rate 0): five endpoints, one of which fails half its requests; consecutive-failure
// ejection is off, so only the interval's success rate can eject it.

const MESH = `
services:
  - name: client
  - name: stats
`;

let cp: ControlPlane;
let client: RunningProxy;
let clientApp: TestApp;
const apps: TestApp[] = [];
let badCalls = 0;

beforeAll(async () => {
  cp = await startControlPlane();
  clientApp = await startApp("client-app");
  for (let i = 0; i < 4; i++) apps.push(await startApp(`good-${i}`));
  apps.push(
    await startApp("bad", (req, res) => {
      req.resume();
      badCalls += 1;
      res.statusCode = badCalls % 2 === 0 ? 503 : 200;
      res.end("bad");
      return true;
    }),
  );
  client = await testProxy(cp, { service: "client", app: clientApp });
  const registry = apps.map((app) => ({
    service: "stats",
    address: "127.0.0.1",
    port: app.port,
    labels: {},
  }));
  const resources = JSON.parse(JSON.stringify(translate(MESH, registry, client.nodeId))) as {
    clusters: { name: string; outlier_detection?: unknown }[];
  };
  const stats = resources.clusters.find((c) => c.name === "stats");
  if (!stats) throw new Error("no stats cluster");
  stats.outlier_detection = {
    interval: protoDuration("300ms"),
    base_ejection_time: protoDuration("10s"),
    max_ejection_percent: { value: 50 },
    consecutive_5xx: { value: 0 },
    consecutive_gateway_failure: { value: 0 },
    success_rate_request_volume: { value: 10 },
    success_rate_minimum_hosts: { value: 5 },
    enforcing_success_rate: { value: 100 },
  };
  cp.publishResources(resources, [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
});

afterAll(async () => {
  await client.close();
  await Promise.all([clientApp, ...apps].map((app) => app.close()));
  await cp.stop();
});

const stat = (name: string) =>
  Number(
    new RegExp(`^weft_proxy_${name}\\{cluster="stats"\\} (\\d+)$`, "m").exec(client.stats.render())?.[1] ?? 0,
  );

describe("success-rate outlier detection", () => {
  it("ejects the endpoint whose success rate is far below the others', and only that one", async () => {
    const bad = apps[4]!;
    // Bursts of requests until an interval has seen every endpoint reach the request volume (a burst may
    // straddle two intervals).
    let failures = 0;
    for (let burst = 0; burst < 20 && stat("outlier_ejections_total") === 0; burst++) {
      const results = await Promise.all(
        Array.from({ length: 100 }, () => request(client.outbound, "stats", "/")),
      );
      failures += results.filter((r) => r.status === 503).length;
      await new Promise((resolve) => setTimeout(resolve, 350));
    }
    expect(failures).toBeGreaterThan(0);
    expect(stat("outlier_ejections_total")).toBe(1);
    expect(stat("outlier_ejections_active")).toBe(1);
    const before = bad.count;
    const after = await Promise.all(Array.from({ length: 60 }, () => request(client.outbound, "stats", "/")));
    expect(after.every((r) => r.status === 200)).toBe(true);
    expect(bad.count).toBe(before);
  });
});
