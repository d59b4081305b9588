import { canonicalJson } from "@/lib/mesh/canonical";
import type { RouteConfiguration } from "./envoyTypes";
import type { XdsResources } from "./types";

export type ResourceTypeName = "Listener" | "RouteConfiguration" | "Cluster" | "ClusterLoadAssignment";
export type ChangeKind = "added" | "removed" | "changed";

/** One resource that differs between two translations; for route configurations, which routes. */
export interface ResourceChange {
  type: ResourceTypeName;
  name: string;
  change: ChangeKind;
  routes?: { name: string; change: ChangeKind }[];
}

const TYPES: { key: keyof XdsResources; type: ResourceTypeName }[] = [
  { key: "listeners", type: "Listener" },
  { key: "routes", type: "RouteConfiguration" },
  { key: "clusters", type: "Cluster" },
  { key: "endpoints", type: "ClusterLoadAssignment" },
];

/**
 * What a node would see change if it were sent `after` instead of `before`: resources added, removed
 * or changed (by content), in type then name order. The dry-run shows this per proxy.
 */
export function compareResources(before: XdsResources, after: XdsResources): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const { key, type } of TYPES) {
    const old = byName(before[key]);
    const next = byName(after[key]);
    for (const name of [...new Set([...old.keys(), ...next.keys()])].sort()) {
      const a = old.get(name);
      const b = next.get(name);
      if (a === undefined) changes.push({ type, name, change: "added" });
      else if (b === undefined) changes.push({ type, name, change: "removed" });
      else if (canonicalJson(a) !== canonicalJson(b)) {
        const change: ResourceChange = { type, name, change: "changed" };
        if (type === "RouteConfiguration") {
          change.routes = compareRoutes(a as RouteConfiguration, b as RouteConfiguration);
        }
        changes.push(change);
      }
    }
  }
  return changes;
}

function byName(resources: readonly object[]): Map<string, object> {
  const out = new Map<string, object>();
  for (const resource of resources) {
    const name = Reflect.get(resource, "name") ?? Reflect.get(resource, "cluster_name");
    if (typeof name === "string") out.set(name, resource);
  }
  return out;
}

/** Routes by name within each virtual host (`host/route` when there are several hosts). */
function compareRoutes(before: RouteConfiguration, after: RouteConfiguration) {
  const flatten = (config: RouteConfiguration) => {
    const out = new Map<string, string>();
    for (const host of config.virtual_hosts) {
      const prefix = config.virtual_hosts.length > 1 ? `${host.name}/` : "";
      for (const route of host.routes) out.set(`${prefix}${route.name}`, canonicalJson(route));
    }
    return out;
  };
  const old = flatten(before);
  const next = flatten(after);
  const routes: { name: string; change: ChangeKind }[] = [];
  for (const name of [...new Set([...old.keys(), ...next.keys()])]) {
    const a = old.get(name);
    const b = next.get(name);
    if (a === undefined) routes.push({ name, change: "added" });
    else if (b === undefined) routes.push({ name, change: "removed" });
    else if (a !== b) routes.push({ name, change: "changed" });
  }
  return routes;
}
