import type { XdsResources } from "./types";

export interface ConsistencyProblem {
  /** `<Type>/<name>` of the resource that has the problem. */
  resource: string;
  message: string;
}

/**
 * Checks a node's resources before they are published: every listener's route configuration exists,
 * every cluster a route uses (as destination or mirror) exists, every EDS cluster has a load
 * assignment, no name is used twice within a type, and no load assignment is orphaned.
 */
export function checkConsistency(resources: XdsResources): ConsistencyProblem[] {
  const problems: ConsistencyProblem[] = [];
  const duplicates = (type: string, names: string[]) => {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name))
        problems.push({ resource: `${type}/${name}`, message: `duplicate ${type} name "${name}"` });
      seen.add(name);
    }
    return seen;
  };
  duplicates(
    "Listener",
    resources.listeners.map((listener) => listener.name),
  );
  const routeNames = duplicates(
    "RouteConfiguration",
    resources.routes.map((route) => route.name),
  );
  const clusterNames = duplicates(
    "Cluster",
    resources.clusters.map((cluster) => cluster.name),
  );
  const assignmentNames = duplicates(
    "ClusterLoadAssignment",
    resources.endpoints.map((assignment) => assignment.cluster_name),
  );

  for (const listener of resources.listeners) {
    const routeName = listener.api_listener.api_listener.rds.route_config_name;
    if (!routeNames.has(routeName)) {
      problems.push({
        resource: `Listener/${listener.name}`,
        message: `route configuration "${routeName}" does not exist`,
      });
    }
  }
  for (const config of resources.routes) {
    for (const host of config.virtual_hosts) {
      for (const route of host.routes) {
        const used = [
          ...(route.route.cluster !== undefined ? [route.route.cluster] : []),
          ...(route.route.weighted_clusters?.clusters.map((weighted) => weighted.name) ?? []),
          ...(route.route.request_mirror_policies?.map((mirror) => mirror.cluster) ?? []),
        ];
        for (const cluster of used) {
          if (!clusterNames.has(cluster)) {
            problems.push({
              resource: `RouteConfiguration/${config.name}`,
              message: `route ${route.name} in virtual host ${host.name} uses cluster "${cluster}", which does not exist`,
            });
          }
        }
      }
    }
  }
  const edsNames = new Set<string>();
  for (const cluster of resources.clusters) {
    const edsName = cluster.eds_cluster_config.service_name || cluster.name;
    edsNames.add(edsName);
    if (!assignmentNames.has(edsName)) {
      problems.push({
        resource: `Cluster/${cluster.name}`,
        message: `load assignment "${edsName}" does not exist`,
      });
    }
  }
  for (const assignment of resources.endpoints) {
    if (!edsNames.has(assignment.cluster_name)) {
      problems.push({
        resource: `ClusterLoadAssignment/${assignment.cluster_name}`,
        message: "no cluster uses this load assignment",
      });
    }
  }
  return problems;
}
