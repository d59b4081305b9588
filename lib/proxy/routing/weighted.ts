import type { ClusterSpecifier, Route, WeightedClusterEntry } from "../config/route-model";
import type { Random } from "../util/random";
import { joinHeader, type RequestHeaders } from "./request";

type Weighted = Extract<ClusterSpecifier, { kind: "weighted" }>;

/**
 * Picks a weighted destination: one integer in [0, total) selects the first entry whose cumulative weight
 * exceeds it, so each entry wins weight/total of the time. With `randomValueHeader` set and holding an
 * integer, that value is used instead, making the split sticky per client.
 */
export function pickWeightedCluster(
  target: Weighted | Route,
  random: Random,
  headers: RequestHeaders = {},
): WeightedClusterEntry {
  const weighted = "kind" in target ? target : weightedOf(target);
  let value: number | undefined;
  if (weighted.randomValueHeader !== undefined) {
    const raw = joinHeader(headers[weighted.randomValueHeader]);
    if (raw !== undefined && /^\d{1,15}$/.test(raw)) value = Number(raw) % weighted.totalWeight;
  }
  value ??= Math.floor(random() * weighted.totalWeight);
  let cumulative = 0;
  for (const entry of weighted.clusters) {
    cumulative += entry.weight;
    if (value < cumulative) return entry;
  }
  return weighted.clusters[weighted.clusters.length - 1]!;
}

function weightedOf(route: Route): Weighted {
  if (route.action.kind === "forward" && route.action.cluster.kind === "weighted")
    return route.action.cluster;
  throw new Error(`route ${route.name} has no weighted clusters`);
}

export type ClusterChoice =
  | { readonly kind: "cluster"; readonly name: string; readonly entry?: WeightedClusterEntry }
  | { readonly kind: "missing_header"; readonly header: string };

/** The upstream cluster a forwarding route sends this request to. */
export function chooseCluster(
  target: ClusterSpecifier,
  random: Random,
  headers: RequestHeaders,
): ClusterChoice {
  switch (target.kind) {
    case "cluster":
      return { kind: "cluster", name: target.name };
    case "header": {
      const name = joinHeader(headers[target.header]);
      return name ? { kind: "cluster", name } : { kind: "missing_header", header: target.header };
    }
    case "weighted": {
      const entry = pickWeightedCluster(target, random, headers);
      return { kind: "cluster", name: entry.name, entry };
    }
  }
}
