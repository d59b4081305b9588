import { describe, expect, it } from "vitest";
import { randomUint32, seededRandom } from "../util/random";
import { maglev } from "./maglev";
import { hostsWithWeights } from "./testing";

function slotCounts(table: Int32Array, n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (const owner of table) counts[owner]! += 1;
  return counts;
}

describe("maglev", () => {
  it("fills every slot and balances equal hosts to within one slot", () => {
    const lb = maglev(hostsWithWeights(Array(10).fill(1)), Math.random);
    expect(lb.table.length).toBe(65_537);
    expect(lb.table.includes(-1)).toBe(false);
    const counts = slotCounts(lb.table, 10);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it("gives weighted hosts slots in proportion to weight", () => {
    const counts = slotCounts(maglev(hostsWithWeights([1, 2, 3, 4]), Math.random).table, 4);
    for (const [i, count] of counts.entries())
      expect(Math.abs(count / 65_537 - (i + 1) / 10)).toBeLessThan(0.001);
  });

  it("looks up hash mod table size", () => {
    const lb = maglev(hostsWithWeights([1, 1, 1]), Math.random, 7);
    for (let hash = 0; hash < 30; hash++) expect(lb.pick({ hash })).toBe(lb.hosts[lb.table[hash % 7]!]);
  });

  it("disrupts little when a host is removed: under 1% of other hosts' slots change owner", () => {
    const hosts = hostsWithWeights(Array(10).fill(1));
    const before = maglev(hosts, Math.random);
    const remaining = hosts.filter((_, i) => i !== 3);
    const after = maglev(remaining, Math.random);
    let changedOthers = 0;
    let others = 0;
    for (let slot = 0; slot < before.table.length; slot++) {
      const was = hosts[before.table[slot]!]!.key;
      if (was === "10.0.0.4:8080") continue;
      others++;
      if (remaining[after.table[slot]!]!.key !== was) changedOthers++;
    }
    expect(changedOthers / others).toBeLessThan(0.01);
  });

  it("distributes random picks evenly", () => {
    const lb = maglev(hostsWithWeights([1, 1, 1, 1]), seededRandom(4));
    const random = seededRandom(5);
    const counts = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const key = lb.pick({ hash: randomUint32(random) })!.key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const count of counts.values()) expect(Math.abs(count / 40_000 - 0.25)).toBeLessThan(0.01);
    expect(maglev([], Math.random).pick({ hash: 3 })).toBeUndefined();
  });
});
