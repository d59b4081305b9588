import { describe, expect, it } from "vitest";
import type { CircuitBreakerThresholds } from "../config/cluster-model";
import { type Admission, CircuitBreaker } from "./circuit-breaker";
import { retryConcurrencyLimit } from "./retry-budget";

const thresholds: CircuitBreakerThresholds = {
  maxConnections: 2,
  maxPendingRequests: 1,
  maxRequests: 3,
  maxRetries: 1,
};

function admitted(admission: Admission): () => void {
  if (!admission.ok) throw new Error(admission.reason);
  return admission.release;
}

describe("CircuitBreaker", () => {
  it("admits up to each limit and names the limit that overflowed", () => {
    const breaker = new CircuitBreaker(thresholds);
    admitted(breaker.tryAcquire("requests"));
    admitted(breaker.tryAcquire("requests"));
    const third = admitted(breaker.tryAcquire("requests"));
    expect(breaker.count("requests")).toBe(3);
    expect(breaker.remaining("requests")).toBe(0);
    expect(breaker.tryAcquire("requests")).toEqual({
      ok: false,
      resource: "requests",
      limit: 3,
      reason: "circuit breaker open: max_requests (3) reached",
    });
    expect(breaker.refused("requests")).toBe(1);
    expect(breaker.refused("pending_requests")).toBe(0);
    third();
    expect(breaker.count("requests")).toBe(2);
    expect(breaker.tryAcquire("requests").ok).toBe(true);
  });

  it("keeps counters per resource", () => {
    const breaker = new CircuitBreaker(thresholds);
    admitted(breaker.tryAcquire("pending_requests"));
    expect(breaker.tryAcquire("pending_requests")).toMatchObject({
      ok: false,
      reason: "circuit breaker open: max_pending_requests (1) reached",
    });
    admitted(breaker.tryAcquire("connections"));
    admitted(breaker.tryAcquire("connections"));
    expect(breaker.tryAcquire("connections")).toMatchObject({
      ok: false,
      reason: "circuit breaker open: max_connections (2) reached",
    });
    admitted(breaker.tryAcquire("retries"));
    expect(breaker.tryAcquire("retries")).toMatchObject({
      ok: false,
      reason: "circuit breaker open: max_retries (1) reached",
    });
    expect(breaker.count("requests")).toBe(0);
  });

  it("releases each admission once, however often release is called", () => {
    const breaker = new CircuitBreaker(thresholds);
    const release = admitted(breaker.tryAcquire("requests"));
    admitted(breaker.tryAcquire("requests"));
    release();
    release();
    release();
    expect(breaker.count("requests")).toBe(1);
  });

  it("sizes the retry limit from the budget and the current load", () => {
    const breaker = new CircuitBreaker({
      ...thresholds,
      maxRequests: 100,
      retryBudget: { budgetPercent: 20, minRetryConcurrency: 1 },
    });
    expect(breaker.limit("retries")).toBe(1);
    for (let i = 0; i < 15; i++) admitted(breaker.tryAcquire("requests"));
    expect(breaker.limit("retries")).toBe(3);
    const retries = [0, 1, 2].map(() => admitted(breaker.tryAcquire("retries")));
    expect(breaker.tryAcquire("retries")).toMatchObject({
      ok: false,
      reason: "circuit breaker open: retry budget (3) reached",
    });
    retries[0]!();
    expect(breaker.tryAcquire("retries").ok).toBe(true);
  });
});

describe("retryConcurrencyLimit", () => {
  const budget = (budgetPercent: number, minRetryConcurrency: number): CircuitBreakerThresholds => ({
    ...thresholds,
    retryBudget: { budgetPercent, minRetryConcurrency },
  });

  it.each([
    [20, 3, 0, 0, 3],
    [20, 3, 10, 0, 3],
    [20, 3, 20, 0, 4],
    [20, 3, 100, 50, 30],
    [25, 2, 9, 0, 2],
    [25, 2, 9, 3, 3],
    [33.3, 0, 100, 0, 33],
    [100, 0, 7, 0, 7],
    [0, 5, 1000, 0, 5],
  ])("%d%% of (%d active + %d pending), min %d → %d", (percent, min, active, pending, expected) => {
    expect(retryConcurrencyLimit(budget(percent, min), active, pending)).toBe(expected);
  });

  it("is max_retries without a budget", () => {
    expect(retryConcurrencyLimit(thresholds, 1000, 1000)).toBe(1);
  });
});
