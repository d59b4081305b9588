import { describe, expect, it } from "vitest";
import type { EdgeMinute } from "./edges";
import { slotOfSeconds } from "./latency-histogram";
import { planSpanCalls, resolveOpenCalls } from "./span-calls";
import { MINUTE_MS, spanRow } from "./testing/span-rows";

const summary = (edges: EdgeMinute[]) =>
  edges.map(({ source, destination, destinationKind, requests, errors }) => ({
    source,
    destination,
    destinationKind,
    requests,
    errors,
  }));

describe("planSpanCalls", () => {
  it("counts calls answered within the batch and leaves the other callers open", () => {
    const client = spanRow({ service: "frontend", kind: 3, peerService: "catalog:8080" });
    const server = spanRow({ service: "catalog", kind: 2, parentSpanId: client.spanId });
    const lonely = spanRow({ service: "frontend", kind: 3, peerService: "cart:8080", httpStatusCode: 502 });
    const producer = spanRow({ service: "orders", kind: 4, peerService: "queue" });
    const orphanServer = spanRow({ service: "catalog", kind: 2, parentSpanId: "00000000000000ff" });
    const plan = planSpanCalls([client, server, lonely, producer, orphanServer]);
    expect(summary(plan.edges)).toEqual([
      { source: "frontend", destination: "catalog", destinationKind: "service", requests: 1, errors: 0 },
    ]);
    expect(plan.openCalls).toEqual([
      {
        traceId: lonely.traceId,
        spanId: lonely.spanId,
        service: "frontend",
        peer: "cart:8080",
        startNs: lonely.startNs,
        durationNs: lonely.durationNs,
        error: true,
      },
      // A PRODUCER is a call to its consumers only, never to a peer.
      expect.objectContaining({ spanId: producer.spanId, peer: null }),
    ]);
  });

  it("names no peer for a call to the caller's own service", () => {
    const plan = planSpanCalls([spanRow({ service: "catalog", kind: 3, peerService: "catalog" })]);
    expect(plan.openCalls[0]!.peer).toBeNull();
  });
});

describe("resolveOpenCalls", () => {
  const client = spanRow({
    service: "frontend",
    kind: 3,
    peerService: "catalog:8080",
    durationNs: 30_000_000n,
  });
  const [call] = planSpanCalls([client]).openCalls;

  it("counts an open call as a call to each service that answered it, timed by the caller", () => {
    const edges = resolveOpenCalls([call!], [["catalog", "catalog", "frontend"]]);
    expect(summary(edges)).toEqual([
      { source: "frontend", destination: "catalog", destinationKind: "service", requests: 1, errors: 0 },
    ]);
    expect(edges[0]!.minuteMs).toBe(MINUTE_MS);
    expect(edges[0]!.latency.counts[slotOfSeconds(0.03)]).toBe(1);
  });

  it("counts an unanswered call as a call to its peer, and a PRODUCER's as nothing", () => {
    const producer = planSpanCalls([spanRow({ service: "orders", kind: 4 })]).openCalls[0]!;
    expect(summary(resolveOpenCalls([call!, call!, producer], [[], [], []]))).toEqual([
      { source: "frontend", destination: "catalog:8080", destinationKind: "peer", requests: 2, errors: 0 },
    ]);
  });

  it("gives the same edge as a batch holding both spans", () => {
    const server = spanRow({ service: "catalog", kind: 2, parentSpanId: client.spanId });
    const together = planSpanCalls([client, server]).edges;
    expect(resolveOpenCalls([call!], [["catalog"]])).toEqual(together);
  });
});
