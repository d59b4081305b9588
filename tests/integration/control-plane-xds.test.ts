import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TYPE_URLS } from "@/lib/xds/resource-types";
import { adsClient, openDeltaStream, openSotwStream } from "@/lib/xds/testing/ads-client";
import { endpointsOf, type Received, TestProxy } from "@/lib/xds/testing/test-proxy";
import { type BearerApi, proxyStatus, type Role, roleApis, waitFor, xdsAddress } from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

// The xDS server inside weft server: sidecars register their instances over the stream, endpoints follow
// connections (with a grace period), config changes are pushed, ACK/NACK status is persisted and shown by
// /api/v1/proxies, and hostile or silent clients affect nobody else.

const MESH = `
services:
  - name: greeter
    subsets:
      - { name: v1, labels: { version: v1 } }
      - { name: v2, labels: { version: v2 } }
    routes:
      - name: split
        destinations:
          - { service: greeter, subset: v1, weight: 80 }
          - { service: greeter, subset: v2, weight: 20 }
  - name: frontend
`;
/** The weights of the greeter split as a client received them, e.g. "greeter|v1=80 greeter|v2=20". */
function splitWeights(received: Received | undefined): string {
  const config = received?.resources.find((resource) => resource.name === "greeter") as
    | {
        virtual_hosts: {
          routes: {
            name: string;
            route: { weighted_clusters?: { clusters: { name: string; weight: { value?: number } }[] } };
          }[];
        }[];
      }
    | undefined;
  const split = config?.virtual_hosts[0]?.routes.find((route) => route.name === "split");
  return (split?.route.weighted_clusters?.clusters ?? [])
    .map((c) => `${c.name}=${c.weight.value ?? 0}`)
    .join(" ");
}

const FRONTEND_NAMES = { routes: ["greeter"], endpoints: ["greeter", "greeter|v1", "greeter|v2"] };

describe("weft server's xDS control plane", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let api: Record<Role, BearerApi>;
  let xds: string;
  const proxies: TestProxy[] = [];
  const connect = (
    ...args: ConstructorParameters<typeof TestProxy> extends [string, ...infer R] ? R : never
  ) => {
    const proxy = new TestProxy(xds, ...args);
    proxies.push(proxy);
    return proxy;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startWeftServer({ DATABASE_URL: t.url, WEFT_XDS_ENDPOINT_GRACE_SECONDS: "1" });
    api = await roleApis(server);
    xds = await xdsAddress(server);
    expect((await api.admin.yaml("PUT", "/api/v1/config", MESH)).status).toBe(200);
  });
  afterAll(async () => {
    for (const proxy of proxies) proxy.close();
    await server?.stop();
    await t?.drop();
  });

  it("prints its address in the banner and serves the current revision to a new proxy", async () => {
    expect(xds).toMatch(/^127\.0\.0\.1:\d+$/);
    const frontend = connect({ id: "frontend-1", service: "frontend", client: "envoy" }, FRONTEND_NAMES);
    const routes = await frontend.waitFor("routes", (r) => r.resources.length === 1);
    expect(splitWeights(routes)).toBe("greeter|v1=80 greeter|v2=20");
    const listeners = await frontend.waitFor("listeners", (r) => r.resources.length === 2);
    expect(listeners.resources.map((l) => l.name)).toEqual(["frontend", "greeter"]);
  });

  it("turns a registering sidecar into an endpoint of its service and subset, for every other proxy", async () => {
    const frontend = proxies[0]!;
    connect(
      { id: "greeter-a", service: "greeter", labels: { version: "v1" }, inbound: "127.0.0.1:7001" },
      FRONTEND_NAMES,
    );
    connect(
      {
        id: "greeter-b",
        service: "greeter",
        labels: { version: "v2" },
        inbound: "127.0.0.1:7002",
        zone: "zone-b",
      },
      FRONTEND_NAMES,
    );
    const eds = await frontend.waitFor("endpoints", (r) => endpointsOf(r, "greeter").length === 2);
    expect(endpointsOf(eds, "greeter|v1")).toEqual(["127.0.0.1:7001"]);
    expect(endpointsOf(eds, "greeter|v2")).toEqual(["127.0.0.1:7002"]);
    const status = await waitFor(async () => {
      const proxy = await proxyStatus(api.viewer, "greeter-b");
      return proxy?.types.endpoints?.state === "ACKED" ? proxy : undefined;
    }, "greeter-b's status");
    expect(status).toMatchObject({
      service: "greeter",
      labels: { version: "v2" },
      connected: true,
      client: "unknown",
      problems: [],
    });
  });

  it("keeps a disconnected sidecar's endpoint for the grace period, then removes it", async () => {
    const frontend = proxies[0]!;
    const gone = proxies.find((proxy) => proxy.identity.id === "greeter-b")!;
    const closedAt = Date.now();
    gone.close();
    await waitFor(
      async () => (await proxyStatus(api.viewer, "greeter-b"))?.connected === false,
      "the disconnect",
    );
    expect(endpointsOf(frontend.received.endpoints, "greeter|v2")).toEqual(["127.0.0.1:7002"]);
    const eds = await frontend.waitFor("endpoints", (r) => endpointsOf(r, "greeter|v2").length === 0);
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(1_000);
    expect(endpointsOf(eds, "greeter|v1")).toEqual(["127.0.0.1:7001"]);
  });

  it("records a NACK with its detail, and the next ACK, per proxy and type", async () => {
    const frontend = proxies[0]!;
    frontend.rejectNext("routes", "route weights look wrong to me");
    const change = await api.admin.json("PUT", "/api/v1/services/greeter/routes/split/weights", {
      destinations: [
        { service: "greeter", subset: "v1", weight: 50 },
        { service: "greeter", subset: "v2", weight: 50 },
      ],
    });
    expect(change.status).toBe(200);
    const nacked = await waitFor(async () => {
      const routes = (await proxyStatus(api.viewer, "frontend-1"))?.types.routes;
      return routes?.state === "NACKED" ? routes : undefined;
    }, "the NACK in /api/v1/proxies");
    expect(nacked.rejectedDetail).toBe("route weights look wrong to me");
    expect(nacked.rejectedVersion).toBe(nacked.sentVersion);
    expect(nacked.ackedVersion).not.toBe(nacked.rejectedVersion);
    // The rejected version is not resent; the next change is sent and ACKed, and the rejection is kept.
    await api.admin.json("PUT", "/api/v1/services/greeter/routes/split/weights", {
      destinations: [
        { service: "greeter", subset: "v1", weight: 40 },
        { service: "greeter", subset: "v2", weight: 60 },
      ],
    });
    const acked = await waitFor(async () => {
      const routes = (await proxyStatus(api.viewer, "frontend-1"))?.types.routes;
      return routes?.state === "ACKED" && routes.ackedVersion !== nacked.ackedVersion ? routes : undefined;
    }, "the next ACK");
    expect(acked).toMatchObject({
      rejectedVersion: nacked.rejectedVersion,
      rejectedDetail: "route weights look wrong to me",
    });
    expect(splitWeights(frontend.received.routes)).toBe("greeter|v1=40 greeter|v2=60");
  });

  it("reports a proxy registering as a service the mesh does not know", async () => {
    connect(
      { id: "stray-1", service: "billing", inbound: "127.0.0.1:7009", client: "pigeon" },
      FRONTEND_NAMES,
    );
    const stray = await waitFor(() => proxyStatus(api.viewer, "stray-1"), "the stray proxy");
    expect(stray.problems).toEqual([
      'metadata.client "pigeon" is not one of weft-proxy, envoy, grpc-js-xds',
      'service "billing" is not in the mesh config; its endpoint is not served',
    ]);
  });

  it("shows a dry run's effect on each connected proxy, without applying it", async () => {
    const before = await api.viewer.json<{ revision: { number: number } }>("GET", "/api/v1/config");
    const dry = await api.viewer.request("POST", "/api/v1/config/dry-run", {
      body: MESH.replace("weight: 80", "weight: 10").replace("weight: 20", "weight: 90"),
      type: "application/yaml",
    });
    const body = (await dry.json()) as {
      changed: boolean;
      diff: { summary: string[] };
      proxies: { nodeId: string; changes: { type: string; name: string; routes?: { name: string }[] }[] }[];
    };
    expect(body.changed).toBe(true);
    expect(body.diff.summary).toEqual(["greeter: weights v1 40→10, v2 60→90"]);
    const frontend = body.proxies.find((proxy) => proxy.nodeId === "frontend-1");
    expect(frontend?.changes).toEqual([
      {
        type: "RouteConfiguration",
        name: "greeter",
        change: "changed",
        routes: [{ name: "split", change: "changed" }],
      },
    ]);
    const after = await api.viewer.json<{ revision: { number: number } }>("GET", "/api/v1/config");
    expect(after.body.revision.number).toBe(before.body.revision.number);
  });

  it("serves the incremental (delta) variant from the same revision", async () => {
    const client = adsClient(xds);
    const delta = openDeltaStream(client);
    delta.send({ node: { id: "delta-1" }, type_url: TYPE_URLS.clusters, resource_names_subscribe: [] });
    const first = await delta.next();
    expect(first.resources.map((resource) => resource.name).sort()).toEqual([
      "frontend",
      "greeter",
      "greeter|v1",
      "greeter|v2",
    ]);
    delta.send({ type_url: TYPE_URLS.clusters, response_nonce: first.nonce });
    await waitFor(
      async () => (await proxyStatus(api.viewer, "delta-1"))?.types.clusters?.state === "ACKED",
      "the delta ACK",
    );
    delta.close();
    client.close();
  });

  it("refuses hostile streams clearly while a silent client and the others carry on", async () => {
    const client = adsClient(xds);
    const noId = openSotwStream(client);
    noId.send({ type_url: TYPE_URLS.clusters });
    expect(await noId.status).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("node.id"),
    });
    const longId = openSotwStream(client);
    longId.send({ node: { id: "x".repeat(300) }, type_url: TYPE_URLS.clusters });
    expect((await longId.status).code).toBe(status.INVALID_ARGUMENT);
    const greedy = openSotwStream(client);
    greedy.send({
      node: { id: "greedy" },
      type_url: TYPE_URLS.endpoints,
      resource_names: Array.from({ length: 10_001 }, (_, i) => `n${i}`),
    });
    expect((await greedy.status).code).toBe(status.RESOURCE_EXHAUSTED);
    const curious = openSotwStream(client);
    curious.send({
      node: { id: "curious" },
      type_url: "type.googleapis.com/envoy.service.runtime.v3.Runtime",
    });
    curious.send({ type_url: TYPE_URLS.clusters });
    expect((await curious.next()).type_url).toBe(TYPE_URLS.clusters);

    const silent = connect({ id: "silent-1" }, FRONTEND_NAMES, false);
    await silent.waitFor("routes", () => true);
    await api.admin.json("PUT", "/api/v1/services/greeter/routes/split/weights", {
      destinations: [
        { service: "greeter", subset: "v1", weight: 100 },
        { service: "greeter", subset: "v2", weight: 0 },
      ],
    });
    const frontend = proxies[0]!;
    await frontend.waitFor("routes", (r) => splitWeights(r) === "greeter|v1=100 greeter|v2=0");
    const silentStatus = await waitFor(async () => {
      const routes = (await proxyStatus(api.viewer, "silent-1"))?.types.routes;
      const latest = frontend.received.routes?.version;
      return routes?.sentVersion === latest && routes?.state === "PENDING" && routes.ackedVersion === null
        ? routes
        : undefined;
    }, "the silent proxy to show as pending");
    expect(silentStatus.sentVersion).toBe(frontend.received.routes?.version);
    curious.close();
    client.close();
  });
  it("stops sending a fault when it expires, without any new revision", async () => {
    const frontend = proxies[0]!;
    const hasFault = (received: Received | undefined) =>
      JSON.stringify(received?.resources).includes("HTTPFault");
    await api.admin.json("PUT", "/api/v1/services/greeter/routes/split/fault", {
      fault: { delay: { percentage: 100, duration: "10ms" } },
      expiresIn: "1500ms",
    });
    const revision = (await api.viewer.json<{ revision: { number: number } }>("GET", "/api/v1/config")).body;
    await frontend.waitFor("routes", hasFault);
    await frontend.waitFor("routes", (r) => !hasFault(r));
    const after = (await api.viewer.json<{ revision: { number: number } }>("GET", "/api/v1/config")).body;
    expect(after.revision.number).toBe(revision.revision.number);
  });
});
