import type * as grpc from "@grpc/grpc-js";
import * as grpcXds from "@grpc/grpc-js-xds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeInfo } from "@/lib/xds/node";
import { startXdsServer, type XdsServer } from "@/lib/xds/server";
import { SnapshotCache } from "@/lib/xds/snapshot/cache";
import { buildSnapshot, type Snapshot } from "@/lib/xds/snapshot/snapshot";
import { DeliveryStatusBook } from "@/lib/xds/stream/delivery-status";
import { combineHooks, type NackEvent, type ResponseEvent } from "@/lib/xds/stream/events";
import { type GreeterServer, greeterClient, sayHello, startGreeter } from "@/lib/xds/testing/greeter";
import { setGrpcXdsBootstrap } from "@/lib/xds/testing/grpc-xds-bootstrap";
import { weightedServiceResources } from "@/lib/xds/testing/weighted-service";

// A real xDS client written by others (@grpc/grpc-js-xds) against Weft's ADS server. grpc-js-xds reads its
// bootstrap once per process, so this file starts one xDS server, sets one bootstrap, and keeps one client
// channel for every step: the steps below run in order and build on each other.

const NODE_ID = "frontend-1";
const greeters: Record<"alpha" | "beta" | "gamma", GreeterServer | undefined> = {
  alpha: undefined,
  beta: undefined,
  gamma: undefined,
};
const cache = new SnapshotCache();
const book = new DeliveryStatusBook();
const responses: ResponseEvent[] = [];
const nacks: NackEvent[] = [];
const connected: NodeInfo[] = [];
let xds: XdsServer;
let client: grpc.Client;

function greeterSnapshot(v1Weight: number, v2Weight: number, v1LbPolicy = "ROUND_ROBIN"): Snapshot {
  const endpoint = (server: GreeterServer | undefined, zone: string) => {
    if (!server) throw new Error("greeters not started");
    return { host: "127.0.0.1", port: server.port, zone };
  };
  return buildSnapshot(
    weightedServiceResources("greeter", [
      {
        name: "greeter-v1",
        weight: v1Weight,
        lbPolicy: v1LbPolicy,
        endpoints: [endpoint(greeters.alpha, "zone-a")],
      },
      {
        name: "greeter-v2",
        weight: v2Weight,
        endpoints: [endpoint(greeters.beta, "zone-a"), endpoint(greeters.gamma, "zone-b")],
      },
    ]),
  );
}

/** Calls SayHello `count` times, `concurrency` at a time; counts answers by server name. */
async function callMany(count: number, concurrency = 25): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      const server = await sayHello(client, "conformance");
      counts.set(server, (counts.get(server) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
}

function v1Share(counts: Map<string, number>): number {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return (counts.get("alpha") ?? 0) / total;
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const typeStatus = (kind: "listeners" | "routes" | "clusters" | "endpoints") =>
  book.get(NODE_ID)?.types[kind];
const cdsResponses = () => responses.filter((r) => r.kind === "clusters").length;

beforeAll(async () => {
  greeters.alpha = await startGreeter("alpha");
  greeters.beta = await startGreeter("beta");
  greeters.gamma = await startGreeter("gamma");
  xds = await startXdsServer({
    host: "127.0.0.1",
    port: 0,
    cache,
    hooks: combineHooks(book, {
      onResponse: (event) => responses.push(event),
      onNack: (event) => nacks.push(event),
      onConnect: (node) => connected.push(node),
    }),
  });
  cache.set(NODE_ID, greeterSnapshot(80, 20));
  setGrpcXdsBootstrap(`127.0.0.1:${xds.port}`, {
    id: NODE_ID,
    cluster: "frontend",
    locality: { region: "local", zone: "zone-a" },
    metadata: {
      service: "frontend",
      labels: { version: "v1" },
      inbound: "127.0.0.1:15006",
      client: "grpc-js-xds",
    },
  });
  grpcXds.register();
  client = greeterClient("xds:///greeter");
});

afterAll(async () => {
  client?.close();
  await xds?.close();
  for (const greeter of Object.values(greeters)) greeter?.close();
});

describe("grpc-js-xds against the Weft ADS server", () => {
  it("connects with its node identity and metadata parsed", async () => {
    await sayHello(client, "hello");
    expect(connected[0]).toMatchObject({
      id: NODE_ID,
      service: "frontend",
      labels: { version: "v1" },
      inbound: { host: "127.0.0.1", port: 15006 },
      client: "grpc-js-xds",
      zone: "zone-a",
    });
  });

  it("splits 80/20 over weighted clusters and ACKs every type", async () => {
    const counts = await callMany(1_000);
    expect(v1Share(counts)).toBeGreaterThanOrEqual(0.75);
    expect(v1Share(counts)).toBeLessThanOrEqual(0.85);
    // Both localities of greeter-v2 receive traffic.
    expect(counts.get("beta")).toBeGreaterThan(0);
    expect(counts.get("gamma")).toBeGreaterThan(0);
    const snapshot = cache.get(NODE_ID);
    for (const kind of ["listeners", "routes", "clusters", "endpoints"] as const) {
      expect(typeStatus(kind)).toMatchObject({ state: "ACKED", ackedVersion: snapshot?.[kind].version });
    }
  });

  it("follows a change to 50/50 on the same channel while it keeps calling", async () => {
    let calling = true;
    const background = (async () => {
      while (calling) await sayHello(client, "background");
    })();
    const next = greeterSnapshot(50, 50);
    expect(cache.set(NODE_ID, next)).toEqual(["routes"]);
    await until(
      () => typeStatus("routes")?.ackedVersion === next.routes.version,
      "the 50/50 routes to be ACKed",
    );
    const counts = await callMany(1_000);
    calling = false;
    await background;
    expect(v1Share(counts)).toBeGreaterThanOrEqual(0.45);
    expect(v1Share(counts)).toBeLessThanOrEqual(0.55);
  });

  it("records a NACK with its error detail, does not resend the rejected version, and keeps traffic flowing", async () => {
    const cdsBefore = cdsResponses();
    const rejected = greeterSnapshot(50, 50, "LEAST_REQUEST");
    expect(cache.set(NODE_ID, rejected)).toEqual(["clusters"]);
    await until(() => nacks.length >= 1, "the client to NACK the clusters");
    expect(nacks[0]).toMatchObject({
      nodeId: NODE_ID,
      kind: "clusters",
      version: rejected.clusters.version,
      errorDetail: { message: expect.stringContaining("LEAST_REQUEST") },
    });
    expect(typeStatus("clusters")).toMatchObject({
      state: "NACKED",
      failedVersion: rejected.clusters.version,
      failedDetails: expect.stringContaining("unsupported lb_policy"),
    });
    // Traffic keeps flowing on the last good configuration, and the rejected version is not sent again
    // however long the client keeps talking to us (a resend loop would show up as more CDS responses).
    const counts = await callMany(500);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(500);
    expect(v1Share(counts)).toBeGreaterThan(0.35);
    expect(v1Share(counts)).toBeLessThan(0.65);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cdsResponses()).toBe(cdsBefore + 1);
    expect(nacks).toHaveLength(1);
  });

  it("sends the next good version after a NACK and records its ACK, keeping the last rejection", async () => {
    const fixed = greeterSnapshot(100, 0);
    cache.set(NODE_ID, fixed);
    await until(
      () => typeStatus("clusters")?.ackedVersion === fixed.clusters.version,
      "the fixed clusters ACK",
    );
    await until(() => typeStatus("routes")?.ackedVersion === fixed.routes.version, "the 100/0 routes ACK");
    expect(typeStatus("clusters")).toMatchObject({ state: "ACKED", failedVersion: expect.any(String) });
    const counts = await callMany(200);
    expect(counts.get("alpha")).toBe(200);
  });
});
