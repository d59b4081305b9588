import { xxh32 } from "../util/hash";
import { type Random, randomUint32 } from "../util/random";
import type { LoadBalancer, PickContext, WeightedHost } from "./types";

export const DEFAULT_MAGLEV_TABLE_SIZE = 65_537;

/**
 * Maglev hashing (Eisenbud et al., NSDI 2016): every host walks its own permutation of a prime-sized
 * table (offset = h0(key) mod M, skip = h1(key) mod (M-1) + 1) and the hosts take turns claiming their
 * next free slot. Weights are honoured by giving each host weight/maxWeight of a turn per round, so
 * heavier hosts claim proportionally more slots. Lookups are one modulo and one array read.
 */
export function maglev<H extends WeightedHost>(
  hosts: readonly H[],
  random: Random,
  tableSize = DEFAULT_MAGLEV_TABLE_SIZE,
): LoadBalancer<H> & { readonly table: Int32Array } {
  const table = buildTable(hosts, tableSize);
  return {
    hosts,
    table,
    pick(context?: PickContext) {
      if (hosts.length === 0) return undefined;
      const hash = context?.hash ?? randomUint32(random);
      return hosts[table[hash % tableSize]!];
    },
  };
}

function buildTable(hosts: readonly WeightedHost[], size: number): Int32Array {
  const table = new Int32Array(size).fill(-1);
  const n = hosts.length;
  if (n === 0) return table;
  const maxWeight = Math.max(...hosts.map((h) => h.weight));
  const share = hosts.map((h) => h.weight / maxWeight);
  const position = hosts.map((h) => xxh32(h.key, 0) % size);
  const skip = hosts.map((h) => (xxh32(h.key, 1) % (size - 1)) + 1);
  const credit = new Float64Array(n);
  let filled = 0;
  while (filled < size) {
    for (let i = 0; i < n && filled < size; i++) {
      credit[i]! += share[i]!;
      // The epsilon keeps 1/3 + 1/3 + 1/3 from landing just under one turn.
      if (credit[i]! < 1 - 1e-9) continue;
      credit[i]! -= 1;
      let slot = position[i]!;
      while (table[slot] !== -1) slot = (slot + skip[i]!) % size;
      table[slot] = i;
      position[i] = (slot + skip[i]!) % size;
      filled++;
    }
  }
  return table;
}
