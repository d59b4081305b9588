/**
 * A deterministic, tiered mesh of made-up services for tests and for seeding a large topology in the
 * browser test: calls go from one tier to the next one or two, like front ends → APIs → back ends → data.
 */

export interface SyntheticMesh {
  services: { name: string; namespace: string; version: string }[];
  calls: { from: string; to: string }[];
}

/** mulberry32: small, seedable, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function syntheticMesh(options: {
  services: number;
  calls: number;
  namespaces?: number;
  tiers?: number;
  seed?: number;
}): SyntheticMesh {
  const random = seededRandom(options.seed ?? 1);
  const tiers = options.tiers ?? 6;
  const namespaces = options.namespaces ?? 10;
  const services = Array.from({ length: options.services }, (_, i) => ({
    name: `svc-${String(i).padStart(3, "0")}`,
    namespace: `ns-${i % namespaces}`,
    version: i % 3 === 0 ? "v2" : "v1",
  }));
  const tierOf = (i: number) => Math.floor((i * tiers) / options.services);
  const maxCalls = countPossible(options.services, tierOf);
  const wanted = Math.min(options.calls, maxCalls);
  const seen = new Set<string>();
  const calls: SyntheticMesh["calls"] = [];
  while (calls.length < wanted) {
    const a = Math.floor(random() * options.services);
    const b = Math.floor(random() * options.services);
    const gap = tierOf(b) - tierOf(a);
    if (gap < 1 || gap > 2) continue;
    const key = `${a}>${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    calls.push({ from: services[a]!.name, to: services[b]!.name });
  }
  return { services, calls };
}

function countPossible(count: number, tierOf: (i: number) => number): number {
  const perTier = new Map<number, number>();
  for (let i = 0; i < count; i++) perTier.set(tierOf(i), (perTier.get(tierOf(i)) ?? 0) + 1);
  let total = 0;
  for (const [tier, size] of perTier)
    total += size * ((perTier.get(tier + 1) ?? 0) + (perTier.get(tier + 2) ?? 0));
  return total;
}
