/** Test helpers for balancers: hosts and pick counting. */
import type { LoadBalancer, PickContext, WeightedHost } from "./types";

export function hostsWithWeights(weights: readonly number[]): WeightedHost[] {
  return weights.map((weight, i) => ({ key: `10.0.0.${i + 1}:8080`, weight }));
}

/** Share of `n` picks each host received, in host order. */
export function pickShares<H extends WeightedHost>(
  lb: LoadBalancer<H>,
  n: number,
  context: (i: number) => PickContext | undefined = () => undefined,
): number[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = lb.pick(context(i))?.key ?? "none";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return lb.hosts.map((h) => (counts.get(h.key) ?? 0) / n);
}

export function expectedShares(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
}
