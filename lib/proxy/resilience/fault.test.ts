import { describe, expect, it } from "vitest";
import type { FaultConfig } from "../config/filter-model";
import type { RouteRequest } from "../routing/request";
import { seededRandom } from "../util/random";
import { decideFault } from "./fault";
import { rollFraction } from "./fractional-percent";

const req = (headers: Record<string, string> = {}): RouteRequest => ({
  authority: "svc",
  path: "/",
  method: "GET",
  headers,
});
const ctx = { random: () => 0, nowMs: 1_000_000 };

const delayAndAbort: FaultConfig = {
  delay: { source: "fixed", durationMs: 500, percentage: { numerator: 2500, denominator: 10_000 } },
  abort: { source: "http", httpStatus: 503, percentage: { numerator: 100_000, denominator: 1_000_000 } },
  headers: [],
  downstreamNodes: [],
};

describe("decideFault", () => {
  it("injects delay and abort at their own percentages, independently", () => {
    const random = seededRandom(17);
    let delays = 0;
    let aborts = 0;
    let both = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const decision = decideFault(delayAndAbort, req(), { random, nowMs: 0 });
      if (decision.delayMs !== undefined) {
        expect(decision.delayMs).toBe(500);
        delays++;
      }
      if (decision.abort) {
        expect(decision.abort).toEqual({ kind: "http", status: 503 });
        aborts++;
      }
      if (decision.delayMs !== undefined && decision.abort) both++;
    }
    expect(Math.abs(delays / n - 0.25)).toBeLessThan(0.005);
    expect(Math.abs(aborts / n - 0.1)).toBeLessThan(0.005);
    expect(Math.abs(both / n - 0.025)).toBeLessThan(0.003);
  });

  it("applies only to requests whose headers match", () => {
    const onlyChaos: FaultConfig = {
      ...delayAndAbort,
      headers: [
        {
          name: "x-chaos",
          rule: { kind: "present", present: true },
          invert: false,
          treatMissingAsEmpty: false,
        },
      ],
    };
    expect(decideFault(onlyChaos, req(), ctx)).toEqual({});
    expect(decideFault(onlyChaos, req({ "x-chaos": "1" }), ctx)).toEqual({
      delayMs: 500,
      abort: { kind: "http", status: 503 },
    });
  });

  it("honours expiry, upstream cluster, downstream nodes and max active faults", () => {
    expect(decideFault({ ...delayAndAbort, expiresAtMs: 1_000_000 }, req(), ctx)).toEqual({});
    expect(decideFault({ ...delayAndAbort, expiresAtMs: 1_000_001 }, req(), ctx).delayMs).toBe(500);
    expect(decideFault({ ...delayAndAbort, upstreamCluster: "a" }, req(), { ...ctx, cluster: "b" })).toEqual(
      {},
    );
    expect(
      decideFault({ ...delayAndAbort, upstreamCluster: "a" }, req(), { ...ctx, cluster: "a" }).abort,
    ).toBeDefined();
    const nodes = { ...delayAndAbort, downstreamNodes: ["productpage"] };
    expect(decideFault(nodes, req(), ctx)).toEqual({});
    expect(
      decideFault(nodes, req({ "x-envoy-downstream-service-node": "productpage" }), ctx).abort,
    ).toBeDefined();
    expect(decideFault({ ...delayAndAbort, maxActiveFaults: 2 }, req(), { ...ctx, activeFaults: 2 })).toEqual(
      {},
    );
  });

  it("injects gRPC status aborts", () => {
    const grpc: FaultConfig = {
      ...delayAndAbort,
      delay: undefined,
      abort: { source: "grpc", grpcStatus: 14, percentage: { numerator: 100, denominator: 100 } },
    };
    expect(decideFault(grpc, req(), ctx)).toEqual({ abort: { kind: "grpc", status: 14 } });
  });

  it("takes header-driven faults from the request, which may only lower the percentage", () => {
    const fromHeaders: FaultConfig = {
      delay: { source: "header", percentage: { numerator: 50, denominator: 100 } },
      abort: { source: "header", percentage: { numerator: 100, denominator: 100 } },
      headers: [],
      downstreamNodes: [],
    };
    expect(decideFault(fromHeaders, req(), ctx)).toEqual({});
    expect(
      decideFault(
        fromHeaders,
        req({ "x-envoy-fault-delay-request": "200", "x-envoy-fault-abort-request": "429" }),
        ctx,
      ),
    ).toEqual({ delayMs: 200, abort: { kind: "http", status: 429 } });
    expect(
      decideFault(
        fromHeaders,
        req({ "x-envoy-fault-abort-grpc-request": "8", "x-envoy-fault-abort-request": "503" }),
        ctx,
      ),
    ).toEqual({
      abort: { kind: "grpc", status: 8 },
    });
    const lowered = req({
      "x-envoy-fault-delay-request": "200",
      "x-envoy-fault-delay-request-percentage": "10",
    });
    expect(decideFault(fromHeaders, lowered, { ...ctx, random: () => 0.1 })).toEqual({});
    expect(decideFault(fromHeaders, lowered, { ...ctx, random: () => 0.09 })).toEqual({ delayMs: 200 });
    const raised = req({
      "x-envoy-fault-delay-request": "200",
      "x-envoy-fault-delay-request-percentage": "90",
    });
    expect(decideFault(fromHeaders, raised, { ...ctx, random: () => 0.6 })).toEqual({});
  });
});

describe("rollFraction", () => {
  it.each([
    [{ numerator: 50, denominator: 100 as const }, 0.4999, true],
    [{ numerator: 50, denominator: 100 as const }, 0.5, false],
    [{ numerator: 1, denominator: 10_000 as const }, 0.000_099, true],
    [{ numerator: 1, denominator: 10_000 as const }, 0.0001, false],
    [{ numerator: 1, denominator: 1_000_000 as const }, 0.000_000_9, true],
    [{ numerator: 1, denominator: 1_000_000 as const }, 0.000_001, false],
    [{ numerator: 0, denominator: 100 as const }, 0, false],
    [{ numerator: 200, denominator: 100 as const }, 0.999, true],
  ])("%j with draw %d → %s", (fraction, draw, expected) => {
    expect(rollFraction(fraction, () => draw)).toBe(expected);
  });

  it("matches its rate over many seeded draws for each denominator", () => {
    const random = seededRandom(23);
    for (const fraction of [
      { numerator: 7, denominator: 100 as const },
      { numerator: 700, denominator: 10_000 as const },
      { numerator: 70_000, denominator: 1_000_000 as const },
    ]) {
      let hits = 0;
      for (let i = 0; i < 100_000; i++) if (rollFraction(fraction, random)) hits++;
      expect(Math.abs(hits / 100_000 - 0.07)).toBeLessThan(0.003);
    }
  });
});
