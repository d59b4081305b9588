/**
 * Resource naming. Mesh names are lowercase DNS labels, so the separators below never collide with them.
 *
 * - Listener and RouteConfiguration: `<service>` (a gRPC client with target `xds:///reviews` asks for
 *   the listener "reviews"; see listenerTargets.ts for `reviews:50051` style targets).
 * - Cluster and ClusterLoadAssignment: `<service>` for all instances of a service, `<service>|<subset>`
 *   for a subset.
 * - Generated routes: a rule's route is named after the rule (`rule-<index>` when unnamed); routes the
 *   translator adds carry a `#`: `#default` (the catch-all appended after the rules) and `<rule>#fault`.
 */
export function clusterName(service: string, subset?: string): string {
  return subset === undefined ? service : `${service}|${subset}`;
}

export function ruleRouteName(name: string | undefined, index: number): string {
  return name ?? `rule-${index}`;
}

export const DEFAULT_ROUTE_NAME = "#default";

export const HTTP_FILTER_NAMES = {
  fault: "envoy.filters.http.fault",
  localRateLimit: "envoy.filters.http.local_ratelimit",
  router: "envoy.filters.http.router",
} as const;

/** Stat prefix and runtime keys for the local rate limit filter. */
export const LOCAL_RATE_LIMIT_STAT_PREFIX = "weft_local_rate_limit";
