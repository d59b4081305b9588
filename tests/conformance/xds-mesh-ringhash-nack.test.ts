import type * as grpc from "@grpc/grpc-js";
import * as grpcXds from "@grpc/grpc-js-xds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callGreeter, type GreeterServer, greeterClient, startGreeter } from "@/lib/xds/testing/greeter";
import { setGrpcXdsBootstrap } from "@/lib/xds/testing/grpc-xds-bootstrap";
import {
  type BearerApi,
  proxyStatus,
  type Role,
  roleApis,
  type TypeStatus,
  waitFor,
  xdsAddress,
} from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

// grpc-js-xds with consistent hashing, and rejecting an update. To be sent something it rejects, this
// client declares itself as Envoy in its node metadata (a misconfigured bootstrap): weft then sends the
// full Envoy form, and grpc-js-xds refuses LEAST_REQUEST. It must keep serving on the last good config,
// and the NACK must show in /api/v1/proxies with the client's own error. One bootstrap per process.

const NODE_ID = "mislabelled-1";
const mesh = (lb: string, endpoints: string) => `
services:
  - name: greeter
    policy:
      loadBalancer: ${lb}
    endpoints:
${endpoints}
`;
const RING_HASH = "{ type: ring_hash, hashOn: { header: x-user } }";

let t: TestDatabase;
let server: StartedServer;
let api: Record<Role, BearerApi>;
let client: grpc.Client;
let endpoints = "";
const greeters: GreeterServer[] = [];

async function serversFor(user: string, calls: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < calls; i++) {
    const outcome = await callGreeter(client, { "x-user": user });
    const key = "server" in outcome ? outcome.server : `status ${outcome.code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const clustersStatus = async (): Promise<TypeStatus | undefined> =>
  (await proxyStatus(api.viewer, NODE_ID))?.types.clusters;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startWeftServer({ DATABASE_URL: t.url });
  api = await roleApis(server);
  for (const name of ["alpha", "beta", "gamma", "delta"]) greeters.push(await startGreeter(name));
  endpoints = greeters.map((g) => `      - { address: 127.0.0.1, port: ${g.port} }`).join("\n");
  expect((await api.admin.yaml("PUT", "/api/v1/config", mesh(RING_HASH, endpoints))).status).toBe(200);
  setGrpcXdsBootstrap(await xdsAddress(server), {
    id: NODE_ID,
    cluster: "frontend",
    locality: { zone: "zone-a" },
    metadata: { client: "envoy" },
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

describe("grpc-js-xds: ring hash and a rejected update", () => {
  it("keeps each key on one backend with ring_hash on a header, and spreads different keys", async () => {
    const alice = await serversFor("alice", 100);
    expect([...alice.values()]).toEqual([100]);
    const owners = new Set<string>();
    for (let user = 0; user < 24; user++) {
      const counts = await serversFor(`user-${user}`, 5);
      expect(counts.size).toBe(1);
      owners.add([...counts.keys()][0] ?? "");
    }
    expect(owners.size).toBeGreaterThan(1);
    expect([...owners].every((owner) => ["alpha", "beta", "gamma", "delta"].includes(owner))).toBe(true);
  });

  it("rejects LEAST_REQUEST, keeps serving on the last good config, and the NACK shows in the API", async () => {
    // Status writes are batched: wait for the ACK of the first clusters to be recorded, not just sent.
    const before = await waitFor(async () => {
      const status = await clustersStatus();
      return status?.state === "ACKED" && status.ackedVersion !== null ? status : undefined;
    }, "the first clusters ACK");
    const put = await api.admin.yaml("PUT", "/api/v1/config", mesh("{ type: least_request }", endpoints));
    expect(put.status).toBe(200);
    const nacked = await waitFor(async () => {
      const status = await clustersStatus();
      return status?.state === "NACKED" ? status : undefined;
    }, "the NACK in /api/v1/proxies");
    expect(nacked.rejectedDetail).toContain("LEAST_REQUEST");
    expect(nacked.rejectedVersion).toBe(nacked.sentVersion);
    expect(nacked.ackedVersion).toBe(before.ackedVersion);
    expect(nacked.rejectedAt).not.toBeNull();
    // Each resource stands alone in xDS: the route configuration (now without a hash policy) was
    // accepted, the cluster kept its last good version. Every call still succeeds.
    const after = await serversFor("alice", 50);
    expect([...after.keys()].every((key) => !key.startsWith("status"))).toBe(true);
    expect([...after.values()].reduce((sum, n) => sum + n, 0)).toBe(50);
    const routes = (await proxyStatus(api.viewer, NODE_ID))?.types.routes;
    expect(routes).toMatchObject({ state: "ACKED", rejectedVersion: null });
    // The rejected version is not sent again while the config stays the same.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await clustersStatus()).toMatchObject({ state: "NACKED", sentAt: nacked.sentAt });
  });

  it("accepts the next good config and keeps the record of the rejection", async () => {
    const put = await api.admin.yaml("PUT", "/api/v1/config", mesh("{ type: round_robin }", endpoints));
    expect(put.status).toBe(200);
    const acked = await waitFor(async () => {
      const status = await clustersStatus();
      return status?.state === "ACKED" && status.ackedVersion === status.sentVersion ? status : undefined;
    }, "the ACK of the fixed config");
    expect(acked.rejectedDetail).toContain("LEAST_REQUEST");
    const spread = await serversFor("alice", 40);
    expect(spread.size).toBe(4);
  });
});
