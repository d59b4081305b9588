import { describe, expect, it } from "vitest";
import { timerLimitMs as usableIdleTimeout } from "../resilience/stream-timeout";
import { DEFAULT_UPSTREAM_IDLE_TIMEOUT_MS, poolLimits } from "./pool";

describe("upstream pool limits", () => {
  it("defaults idle_timeout to Envoy's hour and keeps 0 as none", () => {
    const base = { circuitBreakers: { maxConnections: 7 } } as Parameters<typeof poolLimits>[0];
    expect(poolLimits(base)).toEqual({
      maxConnections: 7,
      maxRequestsPerConnection: 0,
      idleTimeoutMs: DEFAULT_UPSTREAM_IDLE_TIMEOUT_MS,
    });
    expect(poolLimits({ ...base, idleTimeoutMs: 0, maxRequestsPerConnection: 5 })).toMatchObject({
      idleTimeoutMs: 0,
      maxRequestsPerConnection: 5,
    });
  });

  it("treats an idle_timeout longer than a Node.js timer can wait as none", () => {
    expect(usableIdleTimeout(2_147_483_647)).toBe(2_147_483_647);
    expect(usableIdleTimeout(2_147_483_648)).toBe(0);
    expect(usableIdleTimeout(315_576_000_000_000)).toBe(0);
    expect(usableIdleTimeout(-5)).toBe(0);
  });
});
