import { describe, expect, it } from "vitest";
import {
  effectiveIdleTimeoutMs,
  idleRemainingMs,
  idleTimerNeeded,
  requestTimeoutLeftMs,
} from "./idle-timeout";
import { MAX_TIMER_MS } from "./stream-timeout";

describe("effectiveIdleTimeoutMs", () => {
  it("takes the route's idle_timeout over the connection manager's, 0 included", () => {
    expect(effectiveIdleTimeoutMs(300_000, undefined)).toBe(300_000);
    expect(effectiveIdleTimeoutMs(300_000, 2_000)).toBe(2_000);
    expect(effectiveIdleTimeoutMs(300_000, 0)).toBe(0);
    expect(effectiveIdleTimeoutMs(0, 5_000)).toBe(5_000);
    expect(effectiveIdleTimeoutMs(0, undefined)).toBe(0);
  });

  it("treats a limit beyond Node's largest timer as none", () => {
    expect(effectiveIdleTimeoutMs(MAX_TIMER_MS + 1, undefined)).toBe(0);
    expect(effectiveIdleTimeoutMs(300_000, MAX_TIMER_MS)).toBe(MAX_TIMER_MS);
  });
});

describe("idleTimerNeeded", () => {
  it("is not needed when a route timeout or stream deadline always ends the stream first", () => {
    expect(idleTimerNeeded(300_000, 15_000, undefined)).toBe(false);
    expect(idleTimerNeeded(15_000, 15_000, undefined)).toBe(false);
    expect(idleTimerNeeded(300_000, 0, 10_000)).toBe(false);
    expect(idleTimerNeeded(0, 0, undefined)).toBe(false);
  });

  it("is needed without a route timeout, or with a longer one", () => {
    expect(idleTimerNeeded(300_000, 0, undefined)).toBe(true);
    expect(idleTimerNeeded(1_000, 15_000, undefined)).toBe(true);
    expect(idleTimerNeeded(1_000, 0, 1_001)).toBe(true);
  });
});

describe("idleRemainingMs", () => {
  it("is 0 once the whole timeout has passed since the last activity", () => {
    expect(idleRemainingMs(100, 1_100, 1_000)).toBe(0);
    expect(idleRemainingMs(100, 5_000, 1_000)).toBe(0);
  });

  it("waits for the rest of the timeout after recent activity, rounded up", () => {
    expect(idleRemainingMs(600, 1_100, 1_000)).toBe(500);
    expect(idleRemainingMs(600.2, 1_100, 1_000)).toBe(501);
    expect(idleRemainingMs(1_099.9, 1_100, 1_000)).toBe(1_000);
  });
});

describe("requestTimeoutLeftMs", () => {
  it("deducts the time already spent (a fault delay), down to 0", () => {
    expect(requestTimeoutLeftMs(1_000, 0)).toBe(1_000);
    expect(requestTimeoutLeftMs(1_000, 300)).toBe(700);
    expect(requestTimeoutLeftMs(1_000, 1_500)).toBe(0);
  });

  it("is undefined for none, or for a limit beyond Node's largest timer", () => {
    expect(requestTimeoutLeftMs(0, 0)).toBeUndefined();
    expect(requestTimeoutLeftMs(MAX_TIMER_MS + 1, 0)).toBeUndefined();
  });
});
