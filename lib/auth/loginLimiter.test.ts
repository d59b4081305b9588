import { describe, expect, it } from "vitest";
import { LoginLimiter, loginLimiterKeys } from "./loginLimiter";

describe("LoginLimiter", () => {
  const setup = () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter({ maxFailures: 3, windowMs: 60_000, maxKeys: 100 }, () => now);
    return { limiter, advance: (ms: number) => (now += ms) };
  };

  it("refuses after maxFailures for one address and username, with the time left", () => {
    const { limiter, advance } = setup();
    const keys = loginLimiterKeys("10.0.0.1", "admin");
    for (let i = 0; i < 3; i++) {
      expect(limiter.check(keys)).toEqual({ allowed: true });
      limiter.recordFailure(keys);
    }
    advance(20_000);
    expect(limiter.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(limiter.check(loginLimiterKeys("10.0.0.2", "admin"))).toEqual({ allowed: true });
    advance(40_000);
    expect(limiter.check(keys)).toEqual({ allowed: true });
  });

  it("limits one address guessing many usernames", () => {
    const { limiter } = setup();
    for (let i = 0; i < 12; i++) limiter.recordFailure(loginLimiterKeys("10.0.0.9", `user${i}`));
    expect(limiter.check(loginLimiterKeys("10.0.0.9", "fresh")).allowed).toBe(false);
  });

  it("forgets the username failures after a success", () => {
    const { limiter } = setup();
    const keys = loginLimiterKeys("10.0.0.1", "admin");
    limiter.recordFailure(keys);
    limiter.recordFailure(keys);
    limiter.recordSuccess(keys);
    limiter.recordFailure(keys);
    limiter.recordFailure(keys);
    expect(limiter.check(keys)).toEqual({ allowed: true });
  });

  it("never tracks more than maxKeys", () => {
    const { limiter } = setup();
    for (let i = 0; i < 500; i++) limiter.recordFailure([`k${i}|x`]);
    expect((limiter as unknown as { failures: Map<string, unknown> }).failures.size).toBeLessThanOrEqual(100);
  });
});
