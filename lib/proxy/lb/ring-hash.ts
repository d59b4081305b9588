import { xxh32 } from "../util/hash";
import { type Random, randomUint32 } from "../util/random";
import type { LoadBalancer, PickContext, WeightedHost } from "./types";

export interface RingHashOptions {
  readonly minRingSize: number;
  readonly maxRingSize: number;
}

/** Each host gets at least this many entries per unit of normalized weight (see buildRing). */
export const MIN_ENTRIES_PER_WEIGHT = 128;

/**
 * Consistent hashing on a ring (Karger et al.). Entry i of a host sits at xxHash32("<key>_<i>"); a request
 * goes to the first entry at or after its hash, wrapping around. Removing a host moves only the keys it
 * owned, adding one moves only the keys it takes.
 */
export function ringHash<H extends WeightedHost>(
  hosts: readonly H[],
  random: Random,
  options: RingHashOptions,
): LoadBalancer<H> & { readonly ringSize: number } {
  const ring = buildRing(hosts, options);
  const { hashes, owners } = ring;
  const size = hashes.length;
  return {
    hosts,
    ringSize: size,
    pick(context?: PickContext) {
      if (size === 0) return undefined;
      const hash = context?.hash ?? randomUint32(random);
      let lo = 0;
      let hi = size;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (hashes[mid]! < hash) lo = mid + 1;
        else hi = mid;
      }
      return hosts[owners[lo === size ? 0 : lo]!];
    },
  };
}

/**
 * Sizing differs from Envoy on purpose. Envoy scales the ring to about minRingSize entries in total, so
 * every change in host count changes every host's entry count and moves about 2/n of the keys. Here a
 * host of normalized weight u (its weight over the lightest host's) gets ceil(u × V) entries with
 * V = max(ceil(minRingSize / Σu), MIN_ENTRIES_PER_WEIGHT): the ring still holds at least minRingSize
 * entries, and once there are more than minRingSize / 128 hosts V no longer depends on the host count,
 * so adding or removing a host moves only ~1/n of the keys. maxRingSize caps the total.
 */
function buildRing(
  hosts: readonly WeightedHost[],
  options: RingHashOptions,
): { hashes: Uint32Array; owners: Uint32Array } {
  if (hosts.length === 0) return { hashes: new Uint32Array(), owners: new Uint32Array() };
  if (hosts.length >= OWNER_SPAN) throw new Error(`ring hash supports at most ${OWNER_SPAN - 1} hosts`);
  // Owners are numbered in key order, so equal hashes break ties by key whatever the input order.
  const byKey = hosts
    .map((host, index) => ({ host, index }))
    .sort((a, b) => (a.host.key < b.host.key ? -1 : a.host.key > b.host.key ? 1 : 0));
  const minWeight = Math.min(...hosts.map((h) => h.weight));
  const totalUnits = hosts.reduce((sum, h) => sum + h.weight / minWeight, 0);
  let perUnit = Math.max(Math.ceil(options.minRingSize / totalUnits), MIN_ENTRIES_PER_WEIGHT);
  if (perUnit * totalUnits > options.maxRingSize)
    perUnit = Math.max(1, Math.floor(options.maxRingSize / totalUnits));
  const counts = byKey.map(({ host }) => Math.ceil((host.weight / minWeight) * perUnit - 1e-9));
  // Each entry packed as hash × 2^21 + owner (below 2^53), so a plain numeric sort orders the ring.
  const packed = new Float64Array(counts.reduce((a, b) => a + b, 0));
  let next = 0;
  byKey.forEach(({ host }, owner) => {
    for (let i = 0; i < counts[owner]!; i++) packed[next++] = xxh32(`${host.key}_${i}`) * OWNER_SPAN + owner;
  });
  packed.sort();
  const hashes = new Uint32Array(packed.length);
  const owners = new Uint32Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const value = packed[i]!;
    const owner = value % OWNER_SPAN;
    hashes[i] = (value - owner) / OWNER_SPAN;
    owners[i] = byKey[owner]!.index;
  }
  return { hashes, owners };
}

const OWNER_SPAN = 2 ** 21;
