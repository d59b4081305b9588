import { describe, expect, it } from "vitest";
import type { LocalRateLimitConfig } from "../config/filter-model";
import { EMPTY_HEADER_MUTATION } from "../config/route-model";
import { fakeClock } from "../util/random";
import { decideRateLimit } from "./rate-limit";
import { TokenBucket } from "./token-bucket";

const all = { numerator: 100, denominator: 100 } as const;
const none = { numerator: 0, denominator: 100 } as const;

function config(overrides: Partial<LocalRateLimitConfig>): LocalRateLimitConfig {
  return {
    statPrefix: "rl",
    status: 429,
    filterEnabled: all,
    filterEnforced: all,
    responseHeaders: EMPTY_HEADER_MUTATION,
    ...overrides,
  };
}

describe("decideRateLimit", () => {
  it("answers 429 once the bucket is empty", () => {
    const bucket = new TokenBucket({ maxTokens: 1, tokensPerFill: 1, fillIntervalMs: 1000 }, fakeClock().now);
    expect(decideRateLimit(config({}), bucket, () => 0)).toEqual({ kind: "allowed" });
    expect(decideRateLimit(config({}), bucket, () => 0)).toEqual({ kind: "limited", status: 429 });
  });

  it("skips the check when filter_enabled misses and only counts when filter_enforced misses", () => {
    const bucket = new TokenBucket({ maxTokens: 1, tokensPerFill: 1, fillIntervalMs: 1000 }, fakeClock().now);
    bucket.tryConsume();
    expect(decideRateLimit(config({ filterEnabled: none }), bucket, () => 0)).toEqual({ kind: "allowed" });
    expect(decideRateLimit(config({ filterEnforced: none }), bucket, () => 0)).toEqual({
      kind: "limited_not_enforced",
    });
    expect(decideRateLimit(config({ status: 503 }), bucket, () => 0)).toEqual({
      kind: "limited",
      status: 503,
    });
  });
});
