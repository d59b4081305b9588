import type { Random } from "../util/random";
import { weightedSampler } from "./random";
import { allWeightsEqual, type LoadBalancer, type WeightedHost } from "./types";

/**
 * Least request by power of `choiceCount` choices: sample that many hosts (with replacement) and take the
 * one with the fewest active requests, ties to the first sampled. With unequal weights, candidates are
 * sampled in proportion to weight and compared by active requests per unit of weight, so an idle
 * cluster splits by weight and a loaded one steers away from busy hosts. (Envoy's weighted variant
 * instead divides weights by active requests in an EDF schedule; this keeps P2C's O(1) picks.)
 */
export function leastRequest<H extends WeightedHost>(
  hosts: readonly H[],
  random: Random,
  activeRequests: (host: H) => number,
  choiceCount = 2,
): LoadBalancer<H> {
  const n = hosts.length;
  if (n === 0) return { hosts, pick: () => undefined };
  if (n === 1) return { hosts, pick: () => hosts[0] };
  const weighted = !allWeightsEqual(hosts);
  const sample = weighted ? weightedSampler(hosts, random) : () => hosts[Math.floor(random() * n)];
  const load = weighted ? (h: H) => activeRequests(h) / h.weight : activeRequests;
  return {
    hosts,
    pick() {
      let best = sample()!;
      let bestLoad = load(best);
      for (let i = 1; i < choiceCount; i++) {
        const candidate = sample()!;
        const candidateLoad = load(candidate);
        if (candidateLoad < bestLoad) {
          best = candidate;
          bestLoad = candidateLoad;
        }
      }
      return best;
    },
  };
}
