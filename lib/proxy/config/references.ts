import type { ProxyConfig } from "./model";
import type { RouteConfig } from "./route-model";

/**
 * References that do not resolve yet. Not errors: xDS delivers each type on its own stream, so a route
 * may name a cluster that arrives a moment later (Envoy answers 503 meanwhile, and so does the proxy).
 */
export function findMissingReferences(config: ProxyConfig): string[] {
  const missing: string[] = [];
  const routeConfigs: RouteConfig[] = [...config.routeConfigs.values()];
  for (const listener of config.listeners.values()) {
    const rds = listener.http.rdsName;
    if (rds !== undefined && !config.routeConfigs.has(rds)) {
      missing.push(`Listener ${listener.name}: RouteConfiguration ${rds} has not arrived`);
    }
    if (listener.http.inlineRouteConfig) routeConfigs.push(listener.http.inlineRouteConfig);
  }
  for (const routeConfig of routeConfigs) {
    for (const clusterName of referencedClusters(routeConfig)) {
      if (!config.clusters.has(clusterName)) {
        missing.push(`RouteConfiguration ${routeConfig.name}: Cluster ${clusterName} has not arrived`);
      }
    }
  }
  for (const cluster of config.clusters.values()) {
    if (cluster.discovery === "eds" && !config.loadAssignments.has(cluster.edsServiceName)) {
      missing.push(
        `Cluster ${cluster.name}: ClusterLoadAssignment ${cluster.edsServiceName} has not arrived`,
      );
    }
  }
  return missing;
}

/** Every cluster a route configuration can send traffic or mirrors to. */
export function referencedClusters(routeConfig: RouteConfig): Set<string> {
  const names = new Set<string>();
  for (const virtualHost of routeConfig.virtualHosts) {
    for (const route of virtualHost.routes) {
      if (route.action.kind !== "forward") continue;
      const target = route.action.cluster;
      if (target.kind === "cluster") names.add(target.name);
      if (target.kind === "weighted") for (const entry of target.clusters) names.add(entry.name);
      for (const mirror of route.action.mirrors) names.add(mirror.cluster);
    }
  }
  return names;
}
