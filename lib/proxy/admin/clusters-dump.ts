/** /clusters: every cluster's endpoints with what the balancer thinks of them. */
import type { UpstreamCluster } from "../dataplane/context";

export function clustersDump(clusters: readonly [string, UpstreamCluster][]): Record<string, unknown> {
  return Object.fromEntries(
    clusters.map(([name, { runtime }]) => {
      const selection = runtime.currentSelection();
      const used = new Set(selection.hosts.map((h) => h.key));
      return [
        name,
        {
          lb_policy: runtime.config.lb.kind,
          panic: selection.panic,
          circuit_breaker: {
            requests: runtime.breaker.count("requests"),
            max_requests: runtime.breaker.limit("requests"),
            retries: runtime.breaker.count("retries"),
          },
          endpoints: runtime.allEndpoints().map((e) => ({
            address: e.key,
            weight: e.weight,
            health_status: e.health,
            zone: e.locality.zone,
            ejected: runtime.outlier?.isEjected(e.key) ?? false,
            failed_active_health_check: runtime.isCheckFailing(e.key),
            in_balancer: used.has(e.key),
            active_requests: runtime.active.get(e.key) ?? 0,
          })),
        },
      ];
    }),
  );
}
