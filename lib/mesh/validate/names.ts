import { formatPath, type PathSegment } from "../path";
import type { MeshConfig } from "../schema";
import type { IssueCollector } from "./issues";

/** Reports every item whose key repeats an earlier item's key, pointing back at the first one. */
function checkUnique<T>(
  issues: IssueCollector,
  items: readonly T[],
  listPath: readonly PathSegment[],
  keyOf: (item: T) => string | undefined,
  describe: (key: string, firstPath: string) => string,
  field?: string,
): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (key === undefined) return;
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }
    const path = field === undefined ? [...listPath, index] : [...listPath, index, field];
    issues.error(path, describe(key, formatPath([...listPath, first])));
  });
}

export function checkUniqueNames(config: MeshConfig, issues: IssueCollector): void {
  checkUnique(
    issues,
    config.services,
    ["services"],
    (service) => service.name,
    (name, first) => `duplicate service name "${name}" (first used at ${first})`,
    "name",
  );
  config.services.forEach((service, s) => {
    const base = ["services", s] as const;
    checkUnique(
      issues,
      service.subsets ?? [],
      [...base, "subsets"],
      (subset) => subset.name,
      (name, first) => `duplicate subset name "${name}" (first used at ${first})`,
      "name",
    );
    checkUnique(
      issues,
      service.routes ?? [],
      [...base, "routes"],
      (rule) => rule.name,
      (name, first) => `duplicate rule name "${name}" (first used at ${first})`,
      "name",
    );
    checkUnique(
      issues,
      service.endpoints ?? [],
      [...base, "endpoints"],
      (endpoint) => `${endpoint.address}:${endpoint.port}`,
      (key, first) => `duplicate endpoint ${key} (first listed at ${first})`,
    );
    warnOnSameSelectors(service.subsets ?? [], [...base, "subsets"], issues);
  });
  checkUnique(
    issues,
    config.authorization ?? [],
    ["authorization"],
    (policy) => policy.name,
    (name, first) => `duplicate authorization policy name "${name}" (first used at ${first})`,
    "name",
  );
}

function warnOnSameSelectors(
  subsets: readonly { name: string; labels: Record<string, string> }[],
  listPath: readonly PathSegment[],
  issues: IssueCollector,
): void {
  const seen = new Map<string, string>();
  subsets.forEach((subset, index) => {
    const key = JSON.stringify(Object.entries(subset.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    const other = seen.get(key);
    if (other !== undefined) {
      issues.warning(
        [...listPath, index, "labels"],
        `subset "${subset.name}" selects the same instances as subset "${other}"`,
      );
    } else {
      seen.set(key, subset.name);
    }
  });
}
