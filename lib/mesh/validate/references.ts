import type { PathSegment } from "../path";
import type { MeshConfig } from "../schema";
import type { IssueCollector } from "./issues";

/** Service name → its subset names, for reference checks. */
export type ServiceIndex = ReadonlyMap<string, ReadonlySet<string>>;

export function indexServices(config: MeshConfig): ServiceIndex {
  const index = new Map<string, Set<string>>();
  for (const service of config.services) {
    if (!index.has(service.name)) {
      index.set(service.name, new Set((service.subsets ?? []).map((subset) => subset.name)));
    }
  }
  return index;
}

/** Checks that `service` (and `subset`, when given) exist; reports at `<path>.service` / `<path>.subset`. */
export function checkServiceRef(
  ref: { service: string; subset?: string | undefined },
  path: readonly PathSegment[],
  services: ServiceIndex,
  issues: IssueCollector,
): void {
  const subsets = services.get(ref.service);
  if (subsets === undefined) {
    issues.error([...path, "service"], `unknown service "${ref.service}"`);
    return;
  }
  if (ref.subset !== undefined && !subsets.has(ref.subset)) {
    const known = [...subsets].sort().join(", ");
    const hint = known.length > 0 ? ` (known: ${known})` : " (it defines no subsets)";
    issues.error([...path, "subset"], `service "${ref.service}" has no subset "${ref.subset}"${hint}`);
  }
}

export function checkAuthorizationRefs(
  config: MeshConfig,
  services: ServiceIndex,
  issues: IssueCollector,
): void {
  (config.authorization ?? []).forEach((policy, p) => {
    if (!services.has(policy.service)) {
      issues.error(["authorization", p, "service"], `unknown service "${policy.service}"`);
    }
    (policy.from?.services ?? []).forEach((source, k) => {
      if (!services.has(source)) {
        issues.error(["authorization", p, "from", "services", k], `unknown service "${source}"`);
      }
    });
  });
}
