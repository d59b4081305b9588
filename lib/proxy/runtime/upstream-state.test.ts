import { describe, expect, it } from "vitest";
import type { Endpoint, OutlierDetectionConfig } from "../config/cluster-model";
import { CircuitBreaker } from "../resilience/circuit-breaker";
import { OutlierDetector } from "../resilience/outlier-detector";
import type { GaugeMetric } from "../telemetry/otlp-encode";
import { type ClusterStateSource, clusterState, UpstreamStateReporter } from "./upstream-state";

const outlierConfig: OutlierDetectionConfig = {
  consecutive5xx: 2,
  consecutiveGatewayFailure: 0,
  enforcingConsecutive5xx: 100,
  enforcingConsecutiveGatewayFailure: 0,
  intervalMs: 10_000,
  baseEjectionTimeMs: 30_000,
  maxEjectionTimeMs: 300_000,
  maxEjectionTimeJitterMs: 0,
  maxEjectionPercent: 50,
  alwaysEjectOneHost: false,
  successfulActiveHealthCheckUnejectHost: true,
  successRate: { minimumHosts: 5, requestVolume: 100, stdevFactor: 1900, enforcing: 0 },
  failurePercentage: { threshold: 85, minimumHosts: 5, requestVolume: 50, enforcing: 0 },
};

function cluster(hosts: string[]): ClusterStateSource & { outlier: OutlierDetector } {
  const outlier = new OutlierDetector(outlierConfig, () => 0.5);
  outlier.setHosts(hosts);
  const endpoints = hosts.map((key) => ({ key }) as Endpoint);
  return {
    allEndpoints: () => endpoints,
    outlier,
    breaker: new CircuitBreaker({
      maxConnections: 10,
      maxPendingRequests: 10,
      maxRequests: 1,
      maxRetries: 3,
    }),
  };
}

const eject = (c: { outlier: OutlierDetector }, key: string, nowMs: number) => {
  c.outlier.record(key, { kind: "response", status: 500 }, nowMs);
  c.outlier.record(key, { kind: "response", status: 500 }, nowMs);
};

/** "metric destination[|subset][ limit] = value" lines, for compact assertions. */
function lines(metrics: GaugeMetric[]): string[] {
  return metrics.flatMap((m) =>
    m.points.map((p) => {
      const a = Object.fromEntries(p.attributes);
      const subset = a["weft.destination.subset"] ? `|${a["weft.destination.subset"]}` : "";
      const limit = a["weft.circuit_breaker.limit"] ? ` ${a["weft.circuit_breaker.limit"]}` : "";
      return `${m.name} ${a["weft.source.service"]}->${a["weft.destination.service"]}${subset}${limit} = ${p.value}`;
    }),
  );
}

describe("clusterState", () => {
  it("counts ejected endpoints and the limits that refused since the last look or are reached", () => {
    const c = cluster(["a", "b", "c"]);
    expect(clusterState(c, undefined)).toEqual({ endpoints: 3, ejected: 0, openLimits: [] });
    eject(c, "a", 0);
    const held = c.breaker.tryAcquire("requests");
    expect(c.breaker.tryAcquire("requests").ok).toBe(false);
    expect(clusterState(c, undefined)).toEqual({ endpoints: 3, ejected: 1, openLimits: ["max_requests"] });
    if (held.ok) held.release();
    // Released, but it refused one since the previous look (which saw no refusals) ...
    const none = { connections: 0, pending_requests: 0, requests: 0, retries: 0 };
    expect(clusterState(c, none).openLimits).toEqual(["max_requests"]);
    // ... and none since a look that already counted it.
    expect(clusterState(c, { ...none, requests: 1 }).openLimits).toEqual([]);
  });
});

describe("UpstreamStateReporter", () => {
  it("reports a cluster while something is wrong, once more when it is over, then nothing", () => {
    const reviews = cluster(["a", "b"]);
    const ratings = cluster(["r"]);
    const clusters = [
      ["reviews|v2", { runtime: reviews }],
      ["ratings", { runtime: ratings }],
    ] as const;
    const reporter = new UpstreamStateReporter("catalog");
    expect(reporter.collect(clusters)).toEqual([]);

    eject(reviews, "a", 0);
    const during = lines(reporter.collect(clusters));
    expect(during).toContain("weft.upstream.endpoints catalog->reviews|v2 = 2");
    expect(during).toContain("weft.upstream.endpoints.ejected catalog->reviews|v2 = 1");
    expect(during).toContain("weft.upstream.circuit_breaker.open catalog->reviews|v2 max_requests = 0");
    expect(during.some((l) => l.includes("ratings"))).toBe(false);

    reviews.outlier.tick(60_000);
    expect(reviews.outlier.ejectedKeys()).toEqual([]);
    const after = lines(reporter.collect(clusters));
    expect(after).toContain("weft.upstream.endpoints.ejected catalog->reviews|v2 = 0");
    expect(reporter.collect(clusters)).toEqual([]);
  });

  it("reports a breaker that refused between two exports even though it is closed again", () => {
    const ratings = cluster(["r"]);
    const reporter = new UpstreamStateReporter("reviews");
    const clusters = [["ratings", { runtime: ratings }]] as const;
    const held = ratings.breaker.tryAcquire("requests");
    ratings.breaker.tryAcquire("requests");
    if (held.ok) held.release();
    expect(lines(reporter.collect(clusters))).toContain(
      "weft.upstream.circuit_breaker.open reviews->ratings max_requests = 1",
    );
    expect(lines(reporter.collect(clusters))).toContain(
      "weft.upstream.circuit_breaker.open reviews->ratings max_requests = 0",
    );
    expect(reporter.collect(clusters)).toEqual([]);
  });
});
