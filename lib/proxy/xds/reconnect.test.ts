import { describe, expect, it } from "vitest";
import { reconnectDelayMs } from "./reconnect";

describe("reconnectDelayMs", () => {
  const backoff = { baseMs: 100, maxMs: 5_000 };

  it("grows exponentially with equal jitter: between half and all of the ceiling", () => {
    expect(reconnectDelayMs(1, backoff, () => 0)).toBe(50);
    expect(reconnectDelayMs(1, backoff, () => 0.999)).toBe(99);
    expect(reconnectDelayMs(2, backoff, () => 0)).toBe(100);
    expect(reconnectDelayMs(4, backoff, () => 0.5)).toBe(600);
  });

  it("is capped by the maximum however many failures", () => {
    expect(reconnectDelayMs(10, backoff, () => 0)).toBe(2_500);
    expect(reconnectDelayMs(1_000, backoff, () => 0.999)).toBeLessThan(5_000);
  });
});
