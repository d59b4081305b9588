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
  translate,
  waitFor,
} from "@/lib/proxy/testing/harness";
import type { NodeInfo } from "@/lib/xds/node";
import type { NackEvent } from "@/lib/xds/stream/events";

// The proxy as an xDS client of lib/xds: registration through node metadata, NACK of a bad update with the
// last good configuration kept, and serving through a control plane outage.

const mesh = (v1: number) => `
services:
  - name: web
  - name: reviews
    subsets:
      - { name: v1, labels: { version: v1 } }
      - { name: v2, labels: { version: v2 } }
    routes:
      - name: split
        destinations:
          - { service: reviews, subset: v1, weight: ${v1} }
          - { service: reviews, subset: v2, weight: ${100 - v1} }
`;

let cp: ControlPlane;
const connects: NodeInfo[] = [];
const nacks: NackEvent[] = [];
const apps: TestApp[] = [];
let web: RunningProxy;
let v1: RunningProxy;
let v2: RunningProxy;
let registry: ReturnType<typeof instance>[];

const nodes = () => [web.nodeId, v1.nodeId, v2.nodeId];

beforeAll(async () => {
  cp = await startControlPlane({
    onConnect: (node) => connects.push(node),
    onNack: (event) => nacks.push(event),
  });
  const appV1 = await startApp("v1");
  const appV2 = await startApp("v2");
  const appWeb = await startApp("web");
  apps.push(appV1, appV2, appWeb);
  v1 = await testProxy(cp, { service: "reviews", labels: { version: "v1" }, app: appV1, zone: "zone-a" });
  v2 = await testProxy(cp, { service: "reviews", labels: { version: "v2" }, app: appV2 });
  web = await testProxy(cp, { service: "web", app: appWeb });
  registry = [instance("reviews", v1, { version: "v1" }), instance("reviews", v2, { version: "v2" })];
  cp.publish(mesh(100), registry, nodes());
  await waitFor(() => web.ready() && v1.ready() && v2.ready(), "proxies ready");
});

afterAll(async () => {
  await Promise.all([web, v1, v2].map((p) => p.close()));
  await Promise.all(apps.map((a) => a.close()));
  await cp.stop();
});

async function appOf(): Promise<string> {
  const r = await request(web.outbound, "reviews", "/");
  return r.status === 200 ? String(r.headers["x-app"]) : `status ${r.status}`;
}

describe("registration", () => {
  it("announces service, labels, the real inbound address, zone and client kind in node metadata", () => {
    const node = connects.find((n) => n.id === v1.nodeId);
    expect(node).toMatchObject({
      service: "reviews",
      labels: { version: "v1" },
      inbound: { host: "127.0.0.1", port: Number(v1.inbound.split(":")[1]) },
      zone: "zone-a",
      client: "weft-proxy",
      problems: [],
    });
  });
});

describe("a rejected update", () => {
  it("is NACKed with the reason once, and the last good configuration keeps serving", async () => {
    expect(await appOf()).toBe("v1");
    const bad = translate(mesh(0), registry, web.nodeId);
    const routes = JSON.parse(JSON.stringify(bad.routes)) as {
      virtual_hosts: { routes: { match: object }[] }[];
    }[];
    const reviewsRoutes = routes.find((r) => JSON.stringify(r).includes('"reviews|v2"'))!;
    reviewsRoutes.virtual_hosts[0]!.routes[0]!.match = { safe_regex: { regex: "(?=lookahead)" } };
    cp.publishResources({ ...bad, routes }, [web.nodeId]);
    await waitFor(() => nacks.some((n) => n.nodeId === web.nodeId), "a NACK");
    const nack = nacks.find((n) => n.nodeId === web.nodeId)!;
    expect(nack.kind).toBe("routes");
    expect(nack.errorDetail.message).toMatch(/RouteConfiguration reviews/);
    // Still the old split (100% v1), and no second NACK for the same version.
    for (let i = 0; i < 20; i++) expect(await appOf()).toBe("v1");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(nacks.filter((n) => n.nodeId === web.nodeId)).toHaveLength(1);
    const dump = JSON.parse((await request(web.admin, "a", "/config_dump")).body) as {
      resources: { rds: { last_rejection: { error_detail: string } | null; version: string } };
    };
    expect(dump.resources.rds.last_rejection?.error_detail).toMatch(/lookahead|not supported|invalid/i);
    // A good update after the bad one is accepted.
    cp.publish(mesh(0), registry, nodes());
    await waitFor(async () => (await appOf()) === "v2", "the new split");
  });
});

describe("a control plane outage", () => {
  it("loses no request while the control plane is down, and the proxy reconnects", async () => {
    cp.publish(mesh(50), registry, nodes());
    await waitFor(
      () => web.config().routeConfigs.get("reviews")?.virtualHosts[0]?.routes[0]?.name === "split",
      "split",
    );
    let running = true;
    let failures = 0;
    let done = 0;
    const worker = async () => {
      while (running) {
        const r = await request(web.outbound, "reviews", "/load").catch(() => ({ status: 0 }));
        if (r.status !== 200) failures += 1;
        done += 1;
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const connectsBefore = connects.filter((n) => n.id === web.nodeId).length;
    await cp.stop();
    await waitFor(() => web.stats.value("xds_connected") === 0, "the proxy to notice");
    await new Promise((resolve) => setTimeout(resolve, 400));
    const duringOutage = done;
    await cp.restart();
    await waitFor(() => connects.filter((n) => n.id === web.nodeId).length > connectsBefore, "reconnect");
    await waitFor(() => web.stats.value("xds_connected") === 1, "connected again");
    // The control plane is in charge again: a change made now arrives.
    cp.publish(mesh(100), registry, nodes());
    await waitFor(
      async () => (await appOf()) === "v1" && (await appOf()) === "v1" && (await appOf()) === "v1",
      "update after reconnect",
    );
    running = false;
    await Promise.all(workers);
    expect(duringOutage).toBeGreaterThan(20);
    expect(failures).toBe(0);
  });
});
