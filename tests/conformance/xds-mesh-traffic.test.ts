import type * as grpc from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import * as grpcXds from "@grpc/grpc-js-xds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CallOutcome,
  callGreeter,
  type GreeterServer,
  greeterClient,
  startGreeter,
} from "@/lib/xds/testing/greeter";
import { setGrpcXdsBootstrap } from "@/lib/xds/testing/grpc-xds-bootstrap";
import {
  type BearerApi,
  proxyStatus,
  type Role,
  roleApis,
  waitFor,
  waitForAck,
  xdsAddress,
} from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

// A real xDS client written by others (@grpc/grpc-js-xds, target xds:///greeter) against weft server,
// driven only through weft's HTTP API: greeter backends are registered as external endpoints, and every
// change (weights, a fault, the kill switch, a header route, a policy it cannot use) is an API call.
// grpc-js-xds reads its bootstrap once per process, so this file keeps one channel for all steps.

const MESH = `
services:
  - name: frontend
  - name: greeter
    namespace: shop
    subsets:
      - { name: v1, labels: { version: v1 } }
      - { name: v2, labels: { version: v2 } }
    routes:
      - name: canary
        match: { headers: [{ name: x-canary, exact: "true" }] }
        destinations: [{ service: greeter, subset: v2 }]
      - name: split
        destinations:
          - { service: greeter, subset: v1, weight: 80 }
          - { service: greeter, subset: v2, weight: 20 }
`;
const NODE_ID = "frontend-grpc-1";

let t: TestDatabase;
let server: StartedServer;
let api: Record<Role, BearerApi>;
let client: grpc.Client;
const greeters: GreeterServer[] = [];

async function callMany(
  count: number,
  headers: Record<string, string> = {},
  concurrency = 25,
  channel: grpc.Client = client,
) {
  const outcomes: CallOutcome[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      outcomes.push(await callGreeter(channel, headers));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const servers = new Map<string, number>();
  const codes = new Map<number, number>();
  for (const outcome of outcomes) {
    if ("server" in outcome) servers.set(outcome.server, (servers.get(outcome.server) ?? 0) + 1);
    else codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
  }
  return { servers, codes, share: (name: string) => (servers.get(name) ?? 0) / count };
}

const setWeights = (v1: number, v2: number) =>
  api.admin.json("PUT", "/api/v1/services/greeter/routes/split/weights", {
    destinations: [
      { service: "greeter", subset: "v1", weight: v1 },
      { service: "greeter", subset: "v2", weight: v2 },
    ],
  });

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startWeftServer({ DATABASE_URL: t.url });
  api = await roleApis(server);
  expect((await api.admin.yaml("PUT", "/api/v1/config", MESH)).status).toBe(200);
  for (const [name, version] of [
    ["alpha", "v1"],
    ["beta", "v2"],
    ["gamma", "v2"],
  ] as const) {
    const greeter = await startGreeter(name);
    greeters.push(greeter);
    const added = await api.admin.json("POST", "/api/v1/services/greeter/endpoints", {
      endpoint: { address: "127.0.0.1", port: greeter.port, labels: { version }, zone: `zone-${name}` },
      message: `register ${name}`,
    });
    expect(added.status).toBe(200);
  }
  setGrpcXdsBootstrap(await xdsAddress(server), {
    id: NODE_ID,
    cluster: "frontend",
    locality: { zone: "zone-a" },
    metadata: { service: "frontend", client: "grpc-js-xds", labels: { version: "v1" } },
  });
  grpcXds.register();
  client = greeterClient("xds:///greeter");
});

afterAll(async () => {
  client?.close();
  for (const greeter of greeters) greeter.close();
  await server?.stop();
  await t?.drop();
});

describe("grpc-js-xds following weft's API", () => {
  it("splits 80/20 over 1,000 RPCs, across both v2 backends", async () => {
    const result = await callMany(1_000);
    expect(result.codes.size).toBe(0);
    expect(result.share("alpha")).toBeGreaterThanOrEqual(0.75);
    expect(result.share("alpha")).toBeLessThanOrEqual(0.85);
    expect(result.servers.get("beta")).toBeGreaterThan(0);
    expect(result.servers.get("gamma")).toBeGreaterThan(0);
    const proxy = await proxyStatus(api.viewer, NODE_ID);
    expect(proxy).toMatchObject({ client: "grpc-js-xds", service: "frontend", connected: true });
  });

  it("follows a change to 50/50 made through the API, on the same channel, while calls continue", async () => {
    let calling = true;
    const background = (async () => {
      while (calling) await callGreeter(client);
    })();
    const since = Date.now();
    expect((await setWeights(50, 50)).status).toBe(200);
    await waitForAck(api.viewer, NODE_ID, "routes", since);
    const result = await callMany(1_000);
    calling = false;
    await background;
    expect(result.codes.size).toBe(0);
    expect(result.share("alpha")).toBeGreaterThanOrEqual(0.45);
    expect(result.share("alpha")).toBeLessThanOrEqual(0.55);
  });

  it("aborts about half the calls with UNAVAILABLE under a 50% abort fault, until the kill switch", async () => {
    let since = Date.now();
    const fault = await api.admin.json("PUT", "/api/v1/services/greeter/routes/split/fault", {
      fault: { abort: { percentage: 50, grpcStatus: status.UNAVAILABLE } },
      expiresIn: "10m",
    });
    expect(fault.status).toBe(200);
    await waitForAck(api.viewer, NODE_ID, "routes", since);
    const faulted = await callMany(1_000);
    expect([...faulted.codes.keys()]).toEqual([status.UNAVAILABLE]);
    const failed = (faulted.codes.get(status.UNAVAILABLE) ?? 0) / 1_000;
    expect(failed).toBeGreaterThanOrEqual(0.45);
    expect(failed).toBeLessThanOrEqual(0.55);

    since = Date.now();
    const killed = await api.operator.json<{ removed: unknown[] }>("POST", "/api/v1/faults/clear-all");
    expect(killed.body.removed).toEqual([{ service: "greeter", rule: "split" }]);
    await waitForAck(api.viewer, NODE_ID, "routes", since);
    expect((await callMany(300)).codes.size).toBe(0);
  });

  it("sends calls tagged with the canary header to the v2 subset only", async () => {
    const tagged = await callMany(300, { "x-canary": "true" });
    expect(tagged.servers.get("alpha") ?? 0).toBe(0);
    expect((tagged.servers.get("beta") ?? 0) + (tagged.servers.get("gamma") ?? 0)).toBe(300);
    const untagged = await callMany(300, { "x-canary": "false" });
    expect(untagged.servers.get("alpha")).toBeGreaterThan(0);
  });

  it("downgrades a policy the client cannot use instead of sending it, and reports the downgrade", async () => {
    const current = await api.viewer.json<{
      revision: { number: number };
      config: { services: { name: string }[] };
    }>("GET", "/api/v1/config");
    const config = structuredClone(current.body.config) as { services: Record<string, unknown>[] };
    const greeter = config.services.find((service) => service.name === "greeter");
    if (!greeter) throw new Error("greeter missing");
    greeter.policy = { loadBalancer: { type: "least_request" } };
    const put = await api.admin.json("PUT", "/api/v1/config", {
      config,
      message: "least requests",
      expectedRevision: current.body.revision.number,
    });
    expect(put.status).toBe(200);
    // ROUND_ROBIN is what the client already had: nothing new to send, and nothing rejected.
    const clusters = await waitFor(async () => {
      const type = (await proxyStatus(api.viewer, NODE_ID))?.types.clusters;
      return type?.downgrades.some((d) => d.from === "LEAST_REQUEST") ? type : undefined;
    }, "the downgrade to be reported");
    expect(clusters).toMatchObject({ state: "ACKED", rejectedVersion: null });
    expect(clusters.downgrades).toContainEqual({
      resource: "Cluster/greeter",
      field: "lb_policy",
      from: "LEAST_REQUEST",
      to: "ROUND_ROBIN",
      reason: "grpc-js-xds rejects lb_policy LEAST_REQUEST",
    });
    expect((await callMany(200)).codes.size).toBe(0);
  });

  it("serves targets with a port or a namespace (xds:///greeter:50051, xds:///greeter.shop:50051)", async () => {
    for (const target of ["xds:///greeter:50051", "xds:///greeter.shop:50051"]) {
      const channel = greeterClient(target);
      try {
        const result = await callMany(100, {}, 10, channel);
        expect(result.codes.size, target).toBe(0);
        expect([...result.servers.keys()].every((name) => ["alpha", "beta", "gamma"].includes(name))).toBe(
          true,
        );
      } finally {
        channel.close();
      }
    }
    // A service the mesh does not have is still refused.
    const unknown = greeterClient("xds:///nobody:50051");
    try {
      const outcome = await callGreeter(unknown, {}, 2_000);
      expect(outcome).not.toHaveProperty("server");
    } finally {
      unknown.close();
    }
  });
});
