/**
 * Per-cluster circuit breaker counters (Envoy's DEFAULT-priority thresholds). Callers acquire a slot
 * before opening a connection, queueing, sending a request or retrying, and release it when done; an
 * acquisition over the limit fails with the reason the proxy returns in its 503.
 */
import type { CircuitBreakerThresholds } from "../config/cluster-model";
import { retryConcurrencyLimit } from "./retry-budget";

export type CircuitResource = "connections" | "pending_requests" | "requests" | "retries";

export type Admission =
  | { readonly ok: true; readonly release: () => void }
  | {
      readonly ok: false;
      readonly resource: CircuitResource;
      readonly limit: number;
      readonly reason: string;
    };

export const LIMIT_NAMES: Readonly<Record<CircuitResource, string>> = {
  connections: "max_connections",
  pending_requests: "max_pending_requests",
  requests: "max_requests",
  retries: "max_retries",
};

export class CircuitBreaker {
  private readonly counts: Record<CircuitResource, number> = {
    connections: 0,
    pending_requests: 0,
    requests: 0,
    retries: 0,
  };

  /** Acquisitions refused per resource since this breaker was created (for the upstream state gauges). */
  private readonly refusals: Record<CircuitResource, number> = {
    connections: 0,
    pending_requests: 0,
    requests: 0,
    retries: 0,
  };

  constructor(private readonly thresholds: CircuitBreakerThresholds) {}

  /** Current limit; for retries with a budget it follows the load. */
  limit(resource: CircuitResource): number {
    switch (resource) {
      case "connections":
        return this.thresholds.maxConnections;
      case "pending_requests":
        return this.thresholds.maxPendingRequests;
      case "requests":
        return this.thresholds.maxRequests;
      case "retries":
        return retryConcurrencyLimit(this.thresholds, this.counts.requests, this.counts.pending_requests);
    }
  }

  count(resource: CircuitResource): number {
    return this.counts[resource];
  }

  refused(resource: CircuitResource): number {
    return this.refusals[resource];
  }

  /** Remaining capacity (Envoy's track_remaining gauges). */
  remaining(resource: CircuitResource): number {
    return Math.max(0, this.limit(resource) - this.counts[resource]);
  }

  tryAcquire(resource: CircuitResource): Admission {
    const limit = this.limit(resource);
    if (this.counts[resource] >= limit) {
      this.refusals[resource] += 1;
      const budget =
        resource === "retries" && this.thresholds.retryBudget ? "retry budget" : LIMIT_NAMES[resource];
      return { ok: false, resource, limit, reason: `circuit breaker open: ${budget} (${limit}) reached` };
    }
    this.counts[resource] += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.counts[resource] -= 1;
      },
    };
  }
}
