import { EventEmitter } from "node:events";
import type { ServerDuplexStream } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import type { DiscoveryRequest, DiscoveryResponse } from "./messages";
import type { NodeInfo } from "./node";
import { TYPE_URLS } from "./resource-types";
import { type StreamShellContext, serveStream } from "./server-stream";
import { SnapshotCache } from "./snapshot/cache";
import { buildSnapshot } from "./snapshot/snapshot";
import type { DisconnectInfo, XdsHooks } from "./stream/events";
import { SotwStream } from "./stream/sotw";
import { weightedServiceResources } from "./testing/weighted-service";

// The shell around one call, with a fake call object whose writes flush only when the test says so.

class FakeCall extends EventEmitter {
  written: DiscoveryResponse[] = [];
  flushes: (() => void)[] = [];
  failure?: { code: number; details: string };
  ended = false;
  constructor() {
    super();
    this.on("error", (error: { code: number; details: string }) => {
      this.failure = error;
    });
  }
  write(response: DiscoveryResponse, flushed: () => void) {
    this.written.push(response);
    this.flushes.push(flushed);
    return true;
  }
  flushAll() {
    const pending = this.flushes.splice(0);
    for (const flush of pending) flush();
  }
  end() {
    this.ended = true;
  }
  asCall() {
    return this as unknown as ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>;
  }
}

const clusters = (...names: string[]) =>
  buildSnapshot(
    weightedServiceResources(
      "svc",
      names.map((name) => ({ name, weight: 1, endpoints: [] })),
    ),
  );

function setup(hooks: XdsHooks = {}, maxQueuedResponses = 8) {
  const cache = new SnapshotCache();
  const call = new FakeCall();
  const hookErrors: string[] = [];
  let nonce = 0;
  const context: StreamShellContext<DiscoveryRequest, DiscoveryResponse> = {
    info: { id: "sotw-1", variant: "sotw", peer: "test", openedAt: 0 },
    cache,
    hooks,
    maxQueuedResponses,
    now: () => 0,
    createMachine: (nodeId) =>
      new SotwStream({ nodeId, streamId: "sotw-1", newNonce: () => `n${++nonce}`, now: () => 0 }),
    describeResponse: (response) => ({
      kind: "clusters",
      typeUrl: response.type_url,
      version: response.version_info,
      nonce: response.nonce,
      resourceCount: response.resources.length,
      removedCount: 0,
    }),
    callHook: (name, run) => {
      try {
        run();
      } catch {
        hookErrors.push(name);
      }
    },
    onClosed: () => {},
  };
  serveStream(call.asCall(), context);
  return { cache, call, hookErrors };
}

const cds = (fields: Partial<DiscoveryRequest> = {}): DiscoveryRequest => ({
  type_url: TYPE_URLS.clusters,
  ...fields,
});

describe("serveStream", () => {
  it("coalesces snapshot changes while a response is unflushed, then sends only the latest", () => {
    const { cache, call } = setup();
    cache.set("n", clusters("a"));
    call.emit("data", cds({ node: { id: "n" } }));
    expect(call.written).toHaveLength(1);
    cache.set("n", clusters("a", "b"));
    cache.set("n", clusters("a", "b", "c"));
    expect(call.written).toHaveLength(1);
    call.flushAll();
    expect(call.written).toHaveLength(2);
    expect(call.written[1]?.version_info).toBe(cache.get("n")?.clusters.version);
  });

  it("ends with RESOURCE_EXHAUSTED when a client that does not read keeps asking", () => {
    const { cache, call } = setup({}, 2);
    cache.set("n", clusters("a"));
    call.emit("data", cds({ node: { id: "n" } }));
    call.emit("data", cds());
    call.emit("data", cds());
    expect(call.failure).toEqual({
      code: status.RESOURCE_EXHAUSTED,
      details: "2 responses are waiting to be read; the client is not reading",
    });
    call.emit("data", cds());
    expect(call.written).toHaveLength(2);
  });

  it("survives throwing hooks and reports the disconnect exactly once", () => {
    const disconnects: DisconnectInfo[] = [];
    const connects: NodeInfo[] = [];
    const { cache, call, hookErrors } = setup({
      onConnect: (node) => {
        connects.push(node);
        throw new Error("registry down");
      },
      onDisconnect: (_node, _stream, info) => disconnects.push(info),
    });
    cache.set("n", clusters("a"));
    call.emit("data", cds({ node: { id: "n" } }));
    expect(call.written).toHaveLength(1);
    expect(hookErrors).toEqual(["onConnect"]);
    call.emit("end");
    call.emit("close");
    expect(call.ended).toBe(true);
    expect(connects.map((n) => n.id)).toEqual(["n"]);
    expect(disconnects).toEqual([{ cause: "client", at: 0 }]);
    // After the stream is gone, snapshot changes no longer reach it.
    cache.set("n", clusters("a", "b"));
    expect(call.written).toHaveLength(1);
    expect(cache.watcherCount("n")).toBe(0);
  });
});
