import type { DestinationPolicy, MeshConfig } from "@/lib/mesh/schema";
import { clusterName } from "./names";

/** Effective destination policy per cluster name (`svc` or `svc|subset`). */
export type PolicyIndex = ReadonlyMap<string, DestinationPolicy>;

/**
 * A subset's policy overrides its service's policy section by section (loadBalancer, circuitBreakers,
 * ...): a section set on the subset replaces the service's section entirely.
 */
export function indexPolicies(config: MeshConfig): PolicyIndex {
  const index = new Map<string, DestinationPolicy>();
  for (const service of config.services) {
    const base = service.policy ?? {};
    index.set(clusterName(service.name), base);
    for (const subset of service.subsets ?? []) {
      index.set(clusterName(service.name, subset.name), { ...base, ...(subset.policy ?? {}) });
    }
  }
  return index;
}
