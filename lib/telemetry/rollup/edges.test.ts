import { describe, expect, it } from "vitest";
import { type EdgeMinute, preferMetricEdges, spansToEdges } from "./edges";
import { emptyHistogram, slotOfSeconds } from "./latency-histogram";
import { MINUTE_MS, spanRow } from "./testing/span-rows";

function summary(edges: EdgeMinute[]) {
  return edges.map(({ source, destination, destinationKind, minuteMs, requests, errors }) => ({
    source,
    destination,
    destinationKind,
    minuteMs,
    requests,
    errors,
  }));
}

describe("spansToEdges", () => {
  it("links a CLIENT span to its SERVER child in another service, timed by the caller", () => {
    const client = spanRow({
      service: "frontend",
      kind: 3,
      durationNs: 30_000_000n,
      peerService: "catalog:8080",
    });
    const server = spanRow({
      service: "catalog",
      kind: 2,
      parentSpanId: client.spanId,
      durationNs: 25_000_000n,
    });
    const edges = spansToEdges([server, client]);
    expect(summary(edges)).toEqual([
      {
        source: "frontend",
        destination: "catalog",
        destinationKind: "service",
        minuteMs: MINUTE_MS,
        requests: 1,
        errors: 0,
      },
    ]);
    expect(edges[0]!.latency.counts[slotOfSeconds(0.03)]).toBe(1);
    expect(edges[0]!.origin).toBe("spans");
  });

  it("links PRODUCER to CONSUMER and counts client errors", () => {
    const producer = spanRow({ service: "orders", kind: 4 });
    const consumer = spanRow({ service: "shipping", kind: 5, parentSpanId: producer.spanId });
    const failing = spanRow({ service: "orders", kind: 3, httpStatusCode: 502 });
    const failingServer = spanRow({ service: "billing", kind: 2, parentSpanId: failing.spanId });
    expect(summary(spansToEdges([producer, consumer, failing, failingServer]))).toEqual([
      {
        source: "orders",
        destination: "shipping",
        destinationKind: "service",
        minuteMs: MINUTE_MS,
        requests: 1,
        errors: 0,
      },
      {
        source: "orders",
        destination: "billing",
        destinationKind: "service",
        minuteMs: MINUTE_MS,
        requests: 1,
        errors: 1,
      },
    ]);
  });

  it("makes an uninstrumented callee a peer node, aggregated per minute", () => {
    const rows = [
      spanRow({ service: "catalog", kind: 3, peerService: "postgres:5432" }),
      spanRow({ service: "catalog", kind: 3, peerService: "postgres:5432", statusCode: 2 }),
      spanRow({ service: "catalog", kind: 3, peerService: null }),
    ];
    expect(summary(spansToEdges(rows))).toEqual([
      {
        source: "catalog",
        destination: "postgres:5432",
        destinationKind: "peer",
        minuteMs: MINUTE_MS,
        requests: 2,
        errors: 1,
      },
    ]);
  });

  it("gives no edge for calls within one service or spans of other kinds", () => {
    const client = spanRow({ service: "catalog", kind: 3, peerService: "catalog-internal" });
    const sameService = spanRow({ service: "catalog", kind: 2, parentSpanId: client.spanId });
    const internal = spanRow({ service: "catalog", kind: 1, peerService: "x" });
    const selfPeer = spanRow({ service: "catalog", kind: 3, peerService: "catalog" });
    expect(spansToEdges([client, sameService, internal, selfPeer])).toEqual([]);
  });

  it("only matches children in the same trace", () => {
    const client = spanRow({ service: "frontend", kind: 3, peerService: "catalog:8080" });
    const otherTrace = spanRow({ service: "catalog", parentSpanId: client.spanId, traceId: "f".repeat(32) });
    expect(summary(spansToEdges([client, otherTrace]))[0]!.destination).toBe("catalog:8080");
  });
});

describe("preferMetricEdges", () => {
  const edge = (
    source: string,
    destination: string,
    minuteMs: number,
    origin: EdgeMinute["origin"],
  ): EdgeMinute => ({
    source,
    destination,
    destinationKind: "service",
    minuteMs,
    requests: origin === "metrics" ? 100 : 3,
    errors: 0,
    latency: emptyHistogram(),
    origin,
  });

  it("keeps metric edges and only the span edges they do not cover", () => {
    const metrics = [edge("a", "b", MINUTE_MS, "metrics")];
    const spans = [
      edge("a", "b", MINUTE_MS, "spans"),
      edge("a", "b", MINUTE_MS + 60_000, "spans"),
      edge("a", "db", MINUTE_MS, "spans"),
    ];
    expect(preferMetricEdges(metrics, spans)).toEqual([metrics[0], spans[1], spans[2]]);
  });
});
