import type { MeshConfig } from "@/lib/mesh/schema";
import { capabilitiesOf } from "./capabilities";
import { buildCluster } from "./cluster";
import { TranslationContext } from "./context";
import type { Cluster, ClusterLoadAssignment } from "./envoyTypes";
import { buildListener } from "./listener";
import { buildLoadAssignment, instancesOf } from "./loadAssignment";
import { clusterName } from "./names";
import { buildRouteConfiguration } from "./routeConfiguration";
import type { NodeInfo, RegistryEndpoint, TranslationResult } from "./types";

/**
 * The xDS resources one node should hold, derived from the mesh config (which must have passed
 * meshConfigSchema and validateMeshConfig), the endpoint registry, the node's client kind and the time
 * (faults past their expiresAt are left out). Pure: the same inputs give deeply equal outputs, each list
 * sorted by resource name.
 *
 * Every service gets a Listener and a RouteConfiguration (any node may call any service; authorization
 * policies are not enforced yet), and a Cluster plus a ClusterLoadAssignment for the whole service and
 * for each subset.
 */
export function translateForNode(
  config: MeshConfig,
  registry: readonly RegistryEndpoint[],
  node: NodeInfo,
  now: Date,
): TranslationResult {
  const ctx = new TranslationContext(config, capabilitiesOf(node.capabilities.client), now);
  const services = [...config.services].sort((a, b) => compareNames(a.name, b.name));
  const clusters: Cluster[] = [];
  const endpoints: ClusterLoadAssignment[] = [];
  for (const service of services) {
    const instances = instancesOf(service, registry);
    const targets = [
      { name: clusterName(service.name), selector: {} },
      ...(service.subsets ?? []).map((subset) => ({
        name: clusterName(service.name, subset.name),
        selector: subset.labels,
      })),
    ];
    for (const target of targets) {
      clusters.push(buildCluster(target.name, ctx.policies.get(target.name) ?? {}, ctx));
      endpoints.push(buildLoadAssignment(target.name, target.selector, instances, ctx));
    }
  }
  return {
    listeners: services.map((service) => buildListener(service, ctx)),
    routes: services.map((service) => buildRouteConfiguration(service, ctx)),
    clusters: clusters.sort((a, b) => compareNames(a.name, b.name)),
    endpoints: endpoints.sort((a, b) => compareNames(a.cluster_name, b.cluster_name)),
    downgrades: ctx.downgrades(),
  };
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
