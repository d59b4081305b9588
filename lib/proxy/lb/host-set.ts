import type { Endpoint } from "../config/cluster-model";
import type { WeightedHost } from "./types";

export interface LbEndpoint extends WeightedHost {
  readonly endpoint: Endpoint;
}

export interface HostHealthView {
  /** Ejected by outlier detection. */
  readonly isEjected?: (key: string) => boolean;
  /** Failing active health checks. */
  readonly isCheckFailing?: (key: string) => boolean;
}

export interface HostSetSelection {
  readonly hosts: readonly LbEndpoint[];
  /** True when too few hosts were healthy and all hosts of the priority are used. */
  readonly panic: boolean;
  readonly priority: number;
  /** Healthy (plus degraded) and total hosts at the chosen priority. */
  readonly available: number;
  readonly total: number;
}

export interface HostSetOptions extends HostHealthView {
  /** Below this percentage of available hosts, use all hosts (Envoy default 50; 0 never panics). */
  readonly panicThresholdPercent: number;
  /** Weight endpoints by their locality's load_balancing_weight (locality_weighted_lb_config). */
  readonly localityWeighted?: boolean;
}

type Condition = "healthy" | "degraded" | "unhealthy";

function condition(endpoint: Endpoint, view: HostHealthView): Condition {
  if (view.isEjected?.(endpoint.key) || view.isCheckFailing?.(endpoint.key)) return "unhealthy";
  if (endpoint.health === "healthy" || endpoint.health === "unknown") return "healthy";
  return endpoint.health === "degraded" ? "degraded" : "unhealthy";
}

/**
 * The hosts to balance over: the lowest priority that has healthy (or, failing that, degraded) hosts,
 * excluding ejected and check-failing ones. If the available share of that priority is below the panic
 * threshold, all its hosts are used so that a mostly-unhealthy cluster still spreads load instead of
 * crushing the few survivors. With no available host anywhere, panic over the first priority.
 */
export function selectHosts(endpoints: readonly Endpoint[], options: HostSetOptions): HostSetSelection {
  const priorities = [...new Set(endpoints.map((e) => e.priority))].sort((a, b) => a - b);
  const conditions = new Map(endpoints.map((e) => [e.key, condition(e, options)]));
  let chosen = priorities[0];
  for (const priority of priorities) {
    if (endpoints.some((e) => e.priority === priority && conditions.get(e.key) !== "unhealthy")) {
      chosen = priority;
      break;
    }
  }
  if (chosen === undefined) return { hosts: [], panic: false, priority: 0, available: 0, total: 0 };
  const level = endpoints.filter((e) => e.priority === chosen);
  const healthy = level.filter((e) => conditions.get(e.key) === "healthy");
  const degraded = level.filter((e) => conditions.get(e.key) === "degraded");
  const available = healthy.length + degraded.length;
  const panic =
    options.panicThresholdPercent > 0 && (100 * available) / level.length < options.panicThresholdPercent;
  const picked = panic ? level : healthy.length > 0 ? healthy : degraded;
  return {
    hosts: weigh(picked, options.localityWeighted ?? false),
    panic,
    priority: chosen,
    available,
    total: level.length,
  };
}

/** Endpoint weights, scaled by locality weight over the locality's picked endpoints when enabled. */
function weigh(endpoints: readonly Endpoint[], localityWeighted: boolean): LbEndpoint[] {
  if (!localityWeighted || endpoints.some((e) => e.localityWeight === undefined)) {
    return endpoints.map((endpoint) => ({ key: endpoint.key, weight: endpoint.weight, endpoint }));
  }
  const localityTotals = new Map<string, number>();
  const localityKey = (e: Endpoint) => `${e.locality.region}/${e.locality.zone}/${e.locality.subZone}`;
  for (const e of endpoints)
    localityTotals.set(localityKey(e), (localityTotals.get(localityKey(e)) ?? 0) + e.weight);
  return endpoints.map((endpoint) => ({
    key: endpoint.key,
    weight: (endpoint.weight / localityTotals.get(localityKey(endpoint))!) * endpoint.localityWeight!,
    endpoint,
  }));
}
