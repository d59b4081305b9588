import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointsOf, type Received, TestProxy } from "@/lib/xds/testing/test-proxy";
import { BearerApi, proxyStatus, roleApis, waitFor, xdsAddress } from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

// Two weft server replicas on one PostgreSQL: a revision committed through one reaches the proxies of the
// other (LISTEN/NOTIFY), and instances registered on one are endpoints for proxies on the other.

const MESH = `
services:
  - name: greeter
    subsets:
      - { name: v1, labels: { version: v1 } }
    routes:
      - name: main
        destinations: [{ service: greeter, subset: v1 }]
        timeout: 1s
`;
const NAMES = { routes: ["greeter"], endpoints: ["greeter", "greeter|v1"] };

const routeTimeout = (received: Received | undefined): unknown =>
  (received?.resources[0] as { virtual_hosts?: { routes: { route: { timeout?: unknown } }[] }[] } | undefined)
    ?.virtual_hosts?.[0]?.routes[0]?.route.timeout;

describe("two weft server replicas", () => {
  let t: TestDatabase;
  let first: StartedServer;
  let second: StartedServer;
  let viaFirst: BearerApi;
  let viaSecond: BearerApi;
  const proxies: TestProxy[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    const env = { DATABASE_URL: t.url, WEFT_XDS_ENDPOINT_GRACE_SECONDS: "1" };
    [first, second] = await Promise.all([startWeftServer(env), startWeftServer(env)]);
    viaFirst = (await roleApis(first)).admin;
    viaSecond = new BearerApi(second.url, viaFirst.token);
    expect((await viaFirst.yaml("PUT", "/api/v1/config", MESH)).status).toBe(200);
  });
  afterAll(async () => {
    for (const proxy of proxies) proxy.close();
    await first?.stop();
    await second?.stop();
    await t?.drop();
  });

  it("pushes a revision committed on one replica to the proxies of the other", async () => {
    const watcher = new TestProxy(await xdsAddress(second), { id: "watcher", client: "envoy" }, NAMES);
    proxies.push(watcher);
    await watcher.waitFor("routes", (r) => routeTimeout(r) !== undefined);
    expect(routeTimeout(watcher.received.routes)).toEqual({ seconds: "1" });
    const change = await viaFirst.yaml(
      "PUT",
      "/api/v1/config",
      MESH.replace("timeout: 1s", "timeout: 2500ms"),
    );
    expect(change.status).toBe(200);
    const updated = await watcher.waitFor("routes", (r) => JSON.stringify(routeTimeout(r)).includes('"2"'));
    expect(routeTimeout(updated)).toEqual({ seconds: "2", nanos: 500_000_000 });
  });

  it("serves an instance registered on one replica as an endpoint to proxies of the other", async () => {
    const watcher = proxies[0]!;
    const instance = new TestProxy(
      await xdsAddress(first),
      { id: "greeter-1", service: "greeter", labels: { version: "v1" }, inbound: "127.0.0.1:7101" },
      NAMES,
    );
    proxies.push(instance);
    const eds = await watcher.waitFor("endpoints", (r) => endpointsOf(r, "greeter|v1").length === 1);
    expect(endpointsOf(eds, "greeter|v1")).toEqual(["127.0.0.1:7101"]);
    // Either replica's API shows both proxies, wherever they are connected.
    const seen = await waitFor(async () => {
      const status = await proxyStatus(viaSecond, "greeter-1");
      return status?.types.routes?.state === "ACKED" ? status : undefined;
    }, "greeter-1 through the other replica's API");
    expect(seen).toMatchObject({ connected: true, service: "greeter" });
    // Status is written in batches on each replica's own timer, so the other replica's write may lag.
    const watcherSeen = await waitFor(
      () => proxyStatus(viaFirst, "watcher"),
      "watcher through the other replica's API",
    );
    expect(watcherSeen).toMatchObject({ connected: true, client: "envoy" });
  });

  it("drops the endpoints of a replica that shuts down, after the grace period", async () => {
    const watcher = proxies[0]!;
    expect(await first.stop()).toBe(0);
    await watcher.waitFor("endpoints", (r) => endpointsOf(r, "greeter|v1").length === 0);
    expect(await proxyStatus(viaSecond, "greeter-1")).toMatchObject({ connected: false });
  });
});
