import { describe, expect, it } from "vitest";
import type { NodeInfo } from "../node";
import { TYPE_URLS } from "../resource-types";
import { DeliveryStatusBook } from "./delivery-status";
import { combineHooks, type StreamInfo } from "./events";

const node: NodeInfo = { id: "n1", cluster: "", labels: {}, client: "envoy", problems: [] };
const stream: StreamInfo = { id: "sotw-1", variant: "sotw", peer: "ipv4:127.0.0.1:5", openedAt: 10 };
const base = { nodeId: "n1", streamId: "sotw-1", kind: "clusters" as const, typeUrl: TYPE_URLS.clusters };

describe("DeliveryStatusBook", () => {
  it("tracks sent, ACKed and NACKed versions per node and type, keeping the last rejection", () => {
    const book = new DeliveryStatusBook();
    book.onConnect(node, stream);
    book.onResponse({ ...base, version: "v1", nonce: "a", resourceCount: 2, removedCount: 0, at: 11 });
    expect(book.get("n1")?.types.clusters).toEqual({ state: "PENDING", sentVersion: "v1", sentAt: 11 });
    book.onAck({ type: "ack", ...base, version: "v1", nonce: "a", at: 12 });
    expect(book.get("n1")?.types.clusters).toMatchObject({ state: "ACKED", ackedVersion: "v1", ackedAt: 12 });
    book.onResponse({ ...base, version: "v2", nonce: "b", resourceCount: 2, removedCount: 0, at: 13 });
    book.onNack({
      type: "nack",
      ...base,
      version: "v2",
      nonce: "b",
      errorDetail: { code: 3, message: "no" },
      at: 14,
    });
    expect(book.get("n1")?.types.clusters).toMatchObject({
      state: "NACKED",
      ackedVersion: "v1",
      failedVersion: "v2",
      failedDetails: "no",
      failedCode: 3,
      failedAt: 14,
    });
    book.onResponse({ ...base, version: "v3", nonce: "c", resourceCount: 2, removedCount: 0, at: 15 });
    book.onAck({ type: "ack", ...base, version: "v3", nonce: "c", at: 16 });
    expect(book.get("n1")?.types.clusters).toMatchObject({
      state: "ACKED",
      ackedVersion: "v3",
      failedVersion: "v2",
    });
  });

  it("counts open streams per node across reconnects", () => {
    const book = new DeliveryStatusBook();
    book.onConnect(node, stream);
    book.onConnect(node, { ...stream, id: "sotw-2", openedAt: 20 });
    book.onDisconnect(node, stream, { at: 21 });
    expect(book.get("n1")).toMatchObject({ openStreams: 1, lastConnectedAt: 20, lastDisconnectedAt: 21 });
  });

  it("is usable through combineHooks, which runs every hook even when one throws", () => {
    const book = new DeliveryStatusBook();
    const failing = combineHooks(
      {
        onConnect: () => {
          throw new Error("first");
        },
      },
      book,
    );
    expect(() => failing.onConnect?.(node, stream)).toThrow("first");
    expect(book.get("n1")?.openStreams).toBe(1);
  });
});
