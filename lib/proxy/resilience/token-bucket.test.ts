import { describe, expect, it } from "vitest";
import { fakeClock } from "../util/random";
import { TokenBucket } from "./token-bucket";

describe("TokenBucket", () => {
  it("starts full and empties", () => {
    const clock = fakeClock(1000);
    const bucket = new TokenBucket({ maxTokens: 3, tokensPerFill: 1, fillIntervalMs: 1000 }, clock.now);
    expect([1, 2, 3, 4].map(() => bucket.tryConsume())).toEqual([true, true, true, false]);
    expect(bucket.available()).toBe(0);
  });

  it("refills tokens_per_fill at each whole fill interval, never above max_tokens", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ maxTokens: 10, tokensPerFill: 4, fillIntervalMs: 100 }, clock.now);
    for (let i = 0; i < 10; i++) bucket.tryConsume();
    clock.advance(99);
    expect(bucket.available()).toBe(0);
    expect(bucket.msUntilRefill()).toBe(1);
    clock.advance(1);
    expect(bucket.available()).toBe(4);
    clock.advance(150);
    expect(bucket.available()).toBe(8);
    // The refill grid stays anchored: the next step is at 300, not 250 + 100.
    clock.advance(50);
    expect(bucket.available()).toBe(10);
    clock.advance(10_000);
    expect(bucket.available()).toBe(10);
  });

  it("allows exactly the configured rate over time", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ maxTokens: 5, tokensPerFill: 5, fillIntervalMs: 1000 }, clock.now);
    let allowed = 0;
    // 100 requests per second for 10 seconds, at 10 ms spacing.
    for (let t = 0; t < 10_000; t += 10) {
      clock.set(t);
      if (bucket.tryConsume()) allowed++;
    }
    expect(allowed).toBe(5 + 9 * 5);
  });

  it("consumes several tokens at once only when all are there", () => {
    const bucket = new TokenBucket({ maxTokens: 3, tokensPerFill: 1, fillIntervalMs: 1000 }, fakeClock().now);
    expect(bucket.tryConsume(4)).toBe(false);
    expect(bucket.tryConsume(3)).toBe(true);
    expect(bucket.msUntilRefill()).toBe(1000);
  });
});
