import { describe, expect, it } from "vitest";
import { propagateTrace } from "../http/traceparent";
import { seededRandom } from "../util/random";
import type { RequestRecord } from "./record";
import { MAX_SERIES, RedMetrics } from "./red-metrics";

const base = (over: Partial<RequestRecord>): RequestRecord => ({
  side: "client",
  method: "GET",
  status: 200,
  sourceService: "web",
  destinationService: "ratings",
  destinationSubset: "v1",
  route: "stable",
  serverAddress: "ratings",
  serverPort: 80,
  faultInjected: false,
  retries: 2,
  startMs: 1_000,
  endMs: 1_004,
  trace: propagateTrace(undefined, undefined, seededRandom(1)),
  path: "/r?x",
  ...over,
});

describe("RedMetrics", () => {
  it("groups requests by attributes per side and resets after each collection (DELTA)", () => {
    const metrics = new RedMetrics(0n);
    metrics.record(base({}));
    metrics.record(base({ endMs: 1_010 }));
    metrics.record(base({ status: 503, errorType: "503" }));
    metrics.record(base({ side: "server", serverAddress: undefined, serverPort: undefined }));
    const [server, client] = metrics.collect(10_000_000_000n);
    expect(server?.name).toBe("http.server.request.duration");
    expect(server?.points).toHaveLength(1);
    expect(client?.points.map((p) => p.count).sort()).toEqual([1, 2]);
    const ok = client?.points.find((p) => p.count === 2);
    if (!ok) throw new Error("no series with two requests");
    expect(ok.startNs).toBe(0n);
    expect(ok.timeNs).toBe(10_000_000_000n);
    expect(ok.sum).toBeCloseTo(0.014, 9);
    expect(Object.fromEntries(ok.attributes)).toEqual({
      "http.request.method": "GET",
      "http.response.status_code": 200,
      "server.address": "ratings",
      "server.port": 80,
      "weft.source.service": "web",
      "weft.destination.service": "ratings",
      "weft.destination.subset": "v1",
      "weft.route": "stable",
    });
    const next = metrics.collect(20_000_000_000n);
    expect(next.every((m) => m.points.length === 0)).toBe(true);
  });

  it("caps the number of series with one overflow series", () => {
    const metrics = new RedMetrics(0n);
    for (let i = 0; i < MAX_SERIES + 50; i++) metrics.record(base({ destinationService: `svc-${i}` }));
    const client = metrics.collect(1n)[1]!;
    expect(client.points).toHaveLength(MAX_SERIES + 1);
    const overflow = client.points.find((p) => p.attributes.some(([k]) => k === "otel.metric.overflow"));
    expect(overflow?.count).toBe(50);
  });
});
