import type { Random } from "../util/random";
import { allWeightsEqual, type LoadBalancer, type WeightedHost } from "./types";

/** Random choice proportional to weight: one draw, binary search over cumulative weights. */
export function weightedRandom<H extends WeightedHost>(hosts: readonly H[], random: Random): LoadBalancer<H> {
  return { hosts, pick: weightedSampler(hosts, random) };
}

/** A function drawing one host with probability weight / total (undefined when there are none). */
export function weightedSampler<H extends WeightedHost>(
  hosts: readonly H[],
  random: Random,
): () => H | undefined {
  const n = hosts.length;
  if (n === 0) return () => undefined;
  if (allWeightsEqual(hosts)) return () => hosts[Math.floor(random() * n)];
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += hosts[i]!.weight;
    cumulative[i] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return hosts[lo];
  };
}
