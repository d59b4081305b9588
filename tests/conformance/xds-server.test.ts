import type * as grpc from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeMessage } from "@/lib/xds/messages";
import { decodeAny } from "@/lib/xds/protos";
import { TYPE_URLS } from "@/lib/xds/resource-types";
import { startXdsServer, type XdsServer } from "@/lib/xds/server";
import { SnapshotCache } from "@/lib/xds/snapshot/cache";
import { buildSnapshot, type Snapshot } from "@/lib/xds/snapshot/snapshot";
import { DeliveryStatusBook } from "@/lib/xds/stream/delivery-status";
import { combineHooks, type ProblemEvent } from "@/lib/xds/stream/events";
import { adsClient, openDeltaStream, openSotwStream } from "@/lib/xds/testing/ads-client";
import { weightedServiceResources } from "@/lib/xds/testing/weighted-service";

// The ADS server over real gRPC, driven by a bare client that can misbehave on purpose: a missing node id,
// unknown type URLs, oversized requests, a client that never ACKs. Each must get a clear answer without
// disturbing the other streams.

const CDS = TYPE_URLS.clusters;
const cache = new SnapshotCache();
const book = new DeliveryStatusBook();
const problems: ProblemEvent[] = [];
let xds: XdsServer;
let client: grpc.Client;

const node = (id: string): NodeMessage => ({ id });
const snapshot = (...clusters: string[]): Snapshot =>
  buildSnapshot(
    weightedServiceResources(
      "svc",
      clusters.map((name, index) => ({
        name,
        weight: 1,
        endpoints: [{ host: "10.0.0.1", port: 1000 + index }],
      })),
    ),
  );
const clusterNames = (resources: { type_url: string; value: Uint8Array }[]) =>
  resources.map((any) => decodeAny(any).name);

beforeAll(async () => {
  xds = await startXdsServer({
    host: "127.0.0.1",
    port: 0,
    cache,
    hooks: combineHooks(book, { onProblem: (event) => problems.push(event) }),
    limits: { maxResourceNamesPerRequest: 100, maxReceiveMessageBytes: 64 * 1024 },
  });
  client = adsClient(`127.0.0.1:${xds.port}`);
});

afterAll(async () => {
  client?.close();
  await xds?.close();
});

describe("ADS server: identity and bad requests", () => {
  it("rejects a stream whose first request has no node id, with INVALID_ARGUMENT and a clear message", async () => {
    const stream = openSotwStream(client);
    stream.send({ type_url: CDS });
    const result = await stream.status;
    expect(result.code).toBe(status.INVALID_ARGUMENT);
    expect(result.details).toBe(
      "the first request on an ADS stream must carry node.id (set it in the bootstrap)",
    );
  });

  it("ends a stream whose node id changes mid-stream", async () => {
    cache.set("switcher", snapshot("a"));
    const stream = openSotwStream(client);
    stream.send({ node: node("switcher"), type_url: CDS });
    await stream.next();
    stream.send({ node: node("someone-else"), type_url: CDS });
    expect(await stream.status).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("node.id changed"),
    });
  });

  it("ignores unknown type URLs with a recorded problem, and keeps serving the stream", async () => {
    cache.set("curious", snapshot("a", "b"));
    const stream = openSotwStream(client);
    stream.send({ node: node("curious"), type_url: "type.googleapis.com/envoy.service.runtime.v3.Runtime" });
    stream.send({ type_url: CDS });
    const response = await stream.next();
    expect(response.type_url).toBe(CDS);
    expect(clusterNames(response.resources)).toEqual(["a", "b"]);
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: "curious",
        typeUrl: "type.googleapis.com/envoy.service.runtime.v3.Runtime",
        message: expect.stringContaining("unknown type URL"),
      }),
    );
    stream.close();
  });

  it("ends a stream that names too many resources, while another node's stream keeps getting updates", async () => {
    cache.set("bystander", snapshot("a"));
    const bystander = openSotwStream(client);
    bystander.send({ node: node("bystander"), type_url: CDS });
    const first = await bystander.next();
    bystander.send({ type_url: CDS, response_nonce: first.nonce, version_info: first.version_info });

    const hostile = openSotwStream(client);
    const names = Array.from({ length: 101 }, (_, i) => `name-${i}`);
    hostile.send({ node: node("hostile"), type_url: TYPE_URLS.endpoints, resource_names: names });
    expect(await hostile.status).toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
      details: `${TYPE_URLS.endpoints}: resource_names has 101 entries; the limit is 100`,
    });

    cache.set("bystander", snapshot("a", "c"));
    const update = await bystander.next();
    expect(clusterNames(update.resources)).toEqual(["a", "c"]);
    bystander.close();
  });

  it("refuses a request larger than the message size limit", async () => {
    const stream = openSotwStream(client);
    const names = Array.from({ length: 50 }, (_, i) => `${"x".repeat(2_000)}-${i}`);
    stream.send({ node: node("big"), type_url: TYPE_URLS.endpoints, resource_names: names });
    const result = await stream.status;
    expect(result.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(result.details).toMatch(/max|larger/i);
  });
});

describe("ADS server: delivery", () => {
  it("leaves a client that never ACKs pending, still pushes it new versions, and records the others' ACKs", async () => {
    cache.set("silent", snapshot("a"));
    cache.set("polite", snapshot("a"));
    const silent = openSotwStream(client);
    const polite = openSotwStream(client);
    silent.send({ node: node("silent"), type_url: CDS });
    polite.send({ node: node("polite"), type_url: CDS });
    await silent.next();
    const politeFirst = await polite.next();
    polite.send({ type_url: CDS, response_nonce: politeFirst.nonce, version_info: politeFirst.version_info });

    const next = snapshot("a", "b");
    cache.set("silent", next);
    cache.set("polite", next);
    const silentUpdate = await silent.next();
    const politeUpdate = await polite.next();
    expect(silentUpdate.version_info).toBe(next.clusters.version);
    polite.send({
      type_url: CDS,
      response_nonce: politeUpdate.nonce,
      version_info: politeUpdate.version_info,
    });
    await until(() => book.get("polite")?.types.clusters?.ackedVersion === next.clusters.version);
    expect(book.get("silent")?.types.clusters).toMatchObject({
      state: "PENDING",
      sentVersion: next.clusters.version,
    });
    expect(book.get("silent")?.types.clusters?.ackedVersion).toBeUndefined();
    expect(book.get("polite")?.types.clusters).toMatchObject({ state: "ACKED" });
    silent.close();
    polite.close();
  });

  it("serves the incremental variant: per-resource versions, then only changes and removals", async () => {
    cache.set("delta-node", snapshot("a", "b"));
    const stream = openDeltaStream(client);
    stream.send({ node: node("delta-node"), type_url: CDS });
    const first = await stream.next();
    expect(first.resources.map((r) => r.name)).toEqual(["a", "b"]);
    expect(first.resources[0]?.version).toBe(cache.get("delta-node")?.clusters.resources.get("a")?.version);
    stream.send({ type_url: CDS, response_nonce: first.nonce });
    cache.set("delta-node", snapshot("a", "c"));
    const second = await stream.next();
    expect(second.resources.map((r) => r.name)).toEqual(["c"]);
    expect(second.removed_resources).toEqual(["b"]);
    stream.send({
      type_url: CDS,
      response_nonce: second.nonce,
      error_detail: { code: 3, message: "no c please" },
    });
    await until(() => book.get("delta-node")?.types.clusters?.state === "NACKED");
    expect(book.get("delta-node")?.types.clusters).toMatchObject({
      ackedVersion: first.system_version_info,
      failedVersion: second.system_version_info,
      failedDetails: "no c please",
    });
    stream.close();
  });

  it("ends open streams with UNAVAILABLE when the server closes", async () => {
    const own = await startXdsServer({ host: "127.0.0.1", port: 0, cache: new SnapshotCache() });
    const ownClient = adsClient(`127.0.0.1:${own.port}`);
    const stream = openSotwStream(ownClient);
    stream.send({ node: node("leaving"), type_url: CDS });
    await until(() => own.openStreams() === 1);
    await own.close();
    expect(await stream.status).toMatchObject({
      code: status.UNAVAILABLE,
      details: "xDS server shutting down",
    });
    ownClient.close();
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
