import * as grpc from "@grpc/grpc-js";
import * as grpcXds from "@grpc/grpc-js-xds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMeshConfig } from "@/lib/mesh/parse";
import { validateMeshConfig } from "@/lib/mesh/validate/validateMeshConfig";
import { startXdsServer, type XdsServer } from "@/lib/xds/server";
import { SnapshotCache } from "@/lib/xds/snapshot/cache";
import { buildSnapshot } from "@/lib/xds/snapshot/snapshot";
import { setGrpcXdsBootstrap } from "@/lib/xds/testing/grpc-xds-bootstrap";
import { translateForNode } from "@/lib/xds/translate/translateForNode";

// A proxyless gRPC client (@grpc/grpc-js-xds, target xds:///slow) reads a rule's timeout the way the
// control plane sends it (max_stream_duration with grpc_timeout_header_max, gRFC A31): a longer
// application deadline is cut to the timeout, and the server sees the shorter deadline.
// grpc-js-xds reads its bootstrap once per process, so this file sets one and keeps one channel.

const NODE_ID = "caller-grpc-1";
const MESH = `
services:
  - name: caller
  - name: slow
    routes:
      - name: short
        destinations: [{ service: slow }]
        timeout: 300ms
`;

const json = {
  serialize: (value: object) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as object,
};
const WAIT = {
  path: "/weft.test.Slow/Wait",
  requestStream: false,
  responseStream: false,
  requestSerialize: json.serialize,
  requestDeserialize: json.deserialize,
  responseSerialize: json.serialize,
  responseDeserialize: json.deserialize,
};

/** Deadlines the server saw, as milliseconds left when the call arrived. */
const deadlinesSeen: number[] = [];
let server: grpc.Server;
let xds: XdsServer;
let client: grpc.Client;

beforeAll(async () => {
  server = new grpc.Server();
  server.addService({ Wait: WAIT } satisfies grpc.ServiceDefinition, {
    // Never answers: only a deadline ends the call.
    Wait: (call: grpc.ServerUnaryCall<object, object>) => {
      const deadline = call.getDeadline();
      deadlinesSeen.push((deadline instanceof Date ? deadline.getTime() : deadline) - Date.now());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const parsed = parseMeshConfig(MESH, "yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  expect(validateMeshConfig(parsed.config).errors).toEqual([]);
  const registry = [{ service: "slow", address: "127.0.0.1", port, labels: {} }];
  const { listeners, routes, clusters, endpoints } = translateForNode(
    parsed.config,
    registry,
    { id: NODE_ID, capabilities: { client: "grpc-js-xds" } },
    new Date(),
  );
  const cache = new SnapshotCache();
  cache.set(NODE_ID, buildSnapshot({ listeners, routes, clusters, endpoints }));
  xds = await startXdsServer({ host: "127.0.0.1", port: 0, cache });
  setGrpcXdsBootstrap(`127.0.0.1:${xds.port}`, {
    id: NODE_ID,
    cluster: "caller",
    locality: { region: "local", zone: "zone-a" },
    metadata: { service: "caller", client: "grpc-js-xds" },
  });
  grpcXds.register();
  client = new grpc.Client("xds:///slow", grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await xds?.close();
  server?.forceShutdown();
});

function wait(deadlineMs: number): Promise<{ error: grpc.ServiceError | null; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      WAIT.path,
      WAIT.requestSerialize,
      WAIT.responseDeserialize,
      {},
      new grpc.Metadata(),
      { deadline: Date.now() + deadlineMs },
      (error) => resolve({ error, ms: performance.now() - started }),
    );
  });
}

describe("grpc-js-xds and a rule's timeout", () => {
  it("cuts a longer deadline to the rule's timeout and tells the server", async () => {
    // The first call also waits for the xDS configuration; its deadline leaves room for that.
    const { error, ms } = await wait(10_000);
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(ms).toBeLessThan(5000);
    expect(deadlinesSeen).toHaveLength(1);
    expect(deadlinesSeen[0]).toBeGreaterThan(0);
    expect(deadlinesSeen[0]).toBeLessThanOrEqual(300);
  });

  it("keeps a deadline shorter than the timeout", async () => {
    const { error } = await wait(100);
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(deadlinesSeen).toHaveLength(2);
    expect(deadlinesSeen[1]).toBeLessThanOrEqual(100);
  });
});
