/**
 * The upstream state gauges a sidecar exports over OTLP (lib/telemetry/metric-contract.ts): per cluster,
 * its endpoints, how many outlier detection has ejected, and which circuit-breaker limits refused a request
 * since the last export or are reached now. A cluster is reported while anything is ejected or open and
 * once more after everything is back to normal, so the newest point of each series is its current state
 * and a quiet mesh exports nothing.
 */
import { UPSTREAM_STATE_ATTRIBUTES as A, UPSTREAM_STATE_METRICS as M } from "@/lib/telemetry/metric-contract";
import { type CircuitBreaker, type CircuitResource, LIMIT_NAMES } from "../resilience/circuit-breaker";
import type { Attributes, GaugeMetric, GaugePoint } from "../telemetry/otlp-encode";
import type { ClusterRuntime } from "./cluster-runtime";

const RESOURCES: readonly CircuitResource[] = ["connections", "pending_requests", "requests", "retries"];

export interface ClusterState {
  readonly endpoints: number;
  readonly ejected: number;
  /** Limits (Envoy's names, e.g. max_requests) that refused a request since `refusedBefore` or are reached now. */
  readonly openLimits: readonly string[];
}

/** One cluster's state; `refusedBefore` holds the breaker's refusal counts at the previous export. */
/** What the reporter reads of a cluster. */
export type ClusterStateSource = Pick<ClusterRuntime, "allEndpoints" | "outlier" | "breaker">;

export function clusterState(
  runtime: ClusterStateSource,
  refusedBefore: Readonly<Record<CircuitResource, number>> | undefined,
): ClusterState {
  const breaker = runtime.breaker;
  const openLimits = RESOURCES.filter(
    (r) => breaker.refused(r) > (refusedBefore?.[r] ?? 0) || atLimit(breaker, r),
  ).map((r) => LIMIT_NAMES[r]);
  return {
    endpoints: runtime.allEndpoints().length,
    ejected: runtime.outlier ? runtime.outlier.ejectedKeys().length : 0,
    openLimits,
  };
}

function atLimit(breaker: CircuitBreaker, resource: CircuitResource): boolean {
  const count = breaker.count(resource);
  return count > 0 && count >= breaker.limit(resource);
}

function refusalCounts(breaker: CircuitBreaker): Record<CircuitResource, number> {
  return {
    connections: breaker.refused("connections"),
    pending_requests: breaker.refused("pending_requests"),
    requests: breaker.refused("requests"),
    retries: breaker.refused("retries"),
  };
}

/** Remembers what it reported last so that a return to normal is exported exactly once. */
export class UpstreamStateReporter {
  private abnormal = new Set<string>();
  private readonly refusalsSeen = new WeakMap<CircuitBreaker, Record<CircuitResource, number>>();

  constructor(private readonly sourceService: string) {}

  collect(clusters: Iterable<readonly [string, { readonly runtime: ClusterStateSource }]>): GaugeMetric[] {
    const endpoints: GaugePoint[] = [];
    const ejected: GaugePoint[] = [];
    const open: GaugePoint[] = [];
    const nowAbnormal = new Set<string>();
    for (const [name, { runtime }] of clusters) {
      const breaker = runtime.breaker;
      const state = clusterState(runtime, this.refusalsSeen.get(breaker));
      this.refusalsSeen.set(breaker, refusalCounts(breaker));
      const isAbnormal = state.ejected > 0 || state.openLimits.length > 0;
      if (isAbnormal) nowAbnormal.add(name);
      if (!isAbnormal && !this.abnormal.has(name)) continue;
      const attributes = this.attributesOf(name);
      endpoints.push({ attributes, value: state.endpoints });
      ejected.push({ attributes, value: state.ejected });
      for (const resource of RESOURCES) {
        const limit = LIMIT_NAMES[resource];
        open.push({
          attributes: [...attributes, [A.breakerLimit, limit]],
          value: state.openLimits.includes(limit) ? 1 : 0,
        });
      }
    }
    this.abnormal = nowAbnormal;
    if (endpoints.length === 0) return [];
    return [
      {
        name: M.endpoints,
        description: "Endpoints in the upstream cluster",
        unit: "{endpoint}",
        points: endpoints,
      },
      {
        name: M.ejected,
        description: "Endpoints ejected by outlier detection",
        unit: "{endpoint}",
        points: ejected,
      },
      {
        name: M.breakerOpen,
        description: "1 when the circuit-breaker limit refused a request in the interval or is reached",
        unit: "1",
        points: open,
      },
    ];
  }

  private attributesOf(cluster: string): Attributes {
    const bar = cluster.indexOf("|");
    const service = bar < 0 ? cluster : cluster.slice(0, bar);
    const out: [string, string][] = [
      [A.sourceService, this.sourceService],
      [A.destinationService, service],
    ];
    if (bar >= 0) out.push([A.destinationSubset, cluster.slice(bar + 1)]);
    return out;
  }
}
