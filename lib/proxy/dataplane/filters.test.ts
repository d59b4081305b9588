import { describe, expect, it } from "vitest";
import type { FaultConfig, LocalRateLimitConfig } from "../config/filter-model";
import type { HttpFilter } from "../config/model";
import { EMPTY_HEADER_MUTATION, type PerFilterConfig } from "../config/route-model";
import { fakeClock } from "../util/random";
import { planFilters, RateLimitBuckets } from "./filters";

const ALWAYS = { numerator: 100, denominator: 100 } as const;
const request = { authority: "ratings", path: "/", method: "GET", headers: {} };
const abort: FaultConfig = {
  abort: { source: "http", httpStatus: 503, percentage: ALWAYS },
  headers: [],
  downstreamNodes: [],
};
const limit = (maxTokens: number): LocalRateLimitConfig => ({
  statPrefix: "rl",
  status: 429,
  tokenBucket: { maxTokens, tokensPerFill: 1, fillIntervalMs: 1_000 },
  filterEnabled: ALWAYS,
  filterEnforced: ALWAYS,
  responseHeaders: EMPTY_HEADER_MUTATION,
});
const filters = (fault: FaultConfig, rate: LocalRateLimitConfig, disabled = false): HttpFilter[] => [
  { name: "fault", kind: "fault", fault, disabled },
  { name: "rl", kind: "local_rate_limit", rateLimit: rate, disabled: false },
  { name: "router", kind: "router", suppressEnvoyHeaders: false },
];
const context = (buckets: RateLimitBuckets, nowMs = 0) => ({
  random: () => 0.5,
  nowMs,
  activeFaults: 0,
  buckets,
});

describe("planFilters", () => {
  it("uses the most specific per-filter configuration and a fault's abort stops the chain", () => {
    const clock = fakeClock();
    const buckets = new RateLimitBuckets(clock.now);
    const route: PerFilterConfig = new Map([["fault", { kind: "fault", fault: abort }]]);
    const listenerOnly = planFilters(
      filters({ headers: [], downstreamNodes: [] }, limit(10)),
      [],
      request,
      context(buckets),
    );
    expect(listenerOnly).toEqual({ delayMs: 0, faultInjected: false });
    const routed = planFilters(
      filters({ headers: [], downstreamNodes: [] }, limit(10)),
      [undefined, route],
      request,
      context(buckets),
    );
    expect(routed).toEqual({ delayMs: 0, abort: { kind: "http", status: 503 }, faultInjected: true });
  });

  it("skips an expired fault and a filter switched off for the route", () => {
    const buckets = new RateLimitBuckets(fakeClock().now);
    const expired = { ...abort, expiresAtMs: 1_000 };
    expect(planFilters(filters(expired, limit(10)), [], request, context(buckets, 999)).abort).toBeDefined();
    expect(
      planFilters(filters(expired, limit(10)), [], request, context(buckets, 1_000)).abort,
    ).toBeUndefined();
    const off: PerFilterConfig = new Map([["fault", { kind: "disabled" }]]);
    expect(planFilters(filters(abort, limit(10)), [off], request, context(buckets)).abort).toBeUndefined();
    // Disabled on the listener: runs only where a route configures it.
    expect(planFilters(filters(abort, limit(10), true), [], request, context(buckets)).abort).toBeUndefined();
  });

  it("limits with one bucket per configuration object, which refills with time", () => {
    const clock = fakeClock();
    const buckets = new RateLimitBuckets(clock.now);
    const config = limit(2);
    const chain = filters({ headers: [], downstreamNodes: [] }, config);
    const run = () => planFilters(chain, [], request, context(buckets)).limited?.status;
    expect([run(), run(), run()]).toEqual([undefined, undefined, 429]);
    clock.advance(1_000);
    expect([run(), run()]).toEqual([undefined, 429]);
    // Another object (a changed configuration) starts with a full bucket of its own.
    expect(
      planFilters(filters({ headers: [], downstreamNodes: [] }, limit(2)), [], request, context(buckets))
        .limited,
    ).toBeUndefined();
  });
});
