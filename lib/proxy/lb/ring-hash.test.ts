import { describe, expect, it } from "vitest";
import { xxh32 } from "../util/hash";
import { randomUint32, seededRandom } from "../util/random";
import { ringHash } from "./ring-hash";
import { expectedShares, hostsWithWeights, maxAbsDiff, pickShares } from "./testing";

const DEFAULTS = { minRingSize: 1024, maxRingSize: 8_388_608 };
const keys = (() => {
  const random = seededRandom(99);
  return Array.from({ length: 20_000 }, () => randomUint32(random));
})();

describe("ringHash", () => {
  it("sizes the ring: at least minRingSize, at least 128 entries per host, capped by maxRingSize", () => {
    expect(ringHash(hostsWithWeights([1, 1, 1, 1]), Math.random, DEFAULTS).ringSize).toBe(1024);
    expect(ringHash(hostsWithWeights(Array(10).fill(1)), Math.random, DEFAULTS).ringSize).toBe(1280);
    expect(ringHash(hostsWithWeights([1, 3]), Math.random, DEFAULTS).ringSize).toBe(256 + 768);
    expect(
      ringHash(hostsWithWeights(Array(10).fill(1)), Math.random, { minRingSize: 64, maxRingSize: 500 })
        .ringSize,
    ).toBe(500);
  });

  it("sends a hash to the first entry at or after it, wrapping around", () => {
    const hosts = hostsWithWeights([1]);
    const lb = ringHash(hosts, Math.random, { minRingSize: 1, maxRingSize: 1 });
    const only = xxh32("10.0.0.1:8080_0");
    expect(lb.pick({ hash: only })!.key).toBe("10.0.0.1:8080");
    expect(lb.pick({ hash: (only + 1) >>> 0 })!.key).toBe("10.0.0.1:8080");
    const two = ringHash(hostsWithWeights([1, 1]), Math.random, { minRingSize: 2, maxRingSize: 2 });
    const [a, b] = [xxh32("10.0.0.1:8080_0"), xxh32("10.0.0.2:8080_0")];
    const [low, high] = a < b ? ["10.0.0.1:8080", "10.0.0.2:8080"] : ["10.0.0.2:8080", "10.0.0.1:8080"];
    expect(two.pick({ hash: Math.min(a, b) })!.key).toBe(low);
    expect(two.pick({ hash: Math.min(a, b) + 1 })!.key).toBe(high);
    expect(two.pick({ hash: Math.max(a, b) + 1 })!.key).toBe(low);
  });

  it("is deterministic for the same hosts", () => {
    const a = ringHash(hostsWithWeights(Array(10).fill(1)), Math.random, DEFAULTS);
    const b = ringHash(hostsWithWeights(Array(10).fill(1)).reverse(), Math.random, DEFAULTS);
    for (const hash of keys.slice(0, 2000)) expect(a.pick({ hash })!.key).toBe(b.pick({ hash })!.key);
  });

  it("honours weights on a large ring", () => {
    const weights = [1, 2, 3, 4];
    const lb = ringHash(hostsWithWeights(weights), Math.random, {
      minRingSize: 65_536,
      maxRingSize: 8_388_608,
    });
    expect(
      maxAbsDiff(
        pickShares(lb, keys.length, (i) => ({ hash: keys[i]! })),
        expectedShares(weights),
      ),
    ).toBeLessThan(0.015);
  });

  it("moves only the removed host's keys when a host leaves", () => {
    const hosts = hostsWithWeights(Array(10).fill(1));
    const before = ringHash(hosts, Math.random, DEFAULTS);
    const after = ringHash(
      hosts.filter((_, i) => i !== 3),
      Math.random,
      DEFAULTS,
    );
    let moved = 0;
    for (const hash of keys) {
      const was = before.pick({ hash })!.key;
      const now = after.pick({ hash })!.key;
      if (was === now) continue;
      moved++;
      expect(was).toBe("10.0.0.4:8080");
    }
    expect(moved / keys.length).toBeGreaterThan(0.05);
    expect(moved / keys.length).toBeLessThan(0.15);
  });

  it("moves keys only to a host that joins, about 1/n of them", () => {
    const hosts = hostsWithWeights(Array(11).fill(1));
    const before = ringHash(hosts.slice(0, 10), Math.random, DEFAULTS);
    const after = ringHash(hosts, Math.random, DEFAULTS);
    let moved = 0;
    for (const hash of keys) {
      const now = after.pick({ hash })!.key;
      if (before.pick({ hash })!.key === now) continue;
      moved++;
      expect(now).toBe("10.0.0.11:8080");
    }
    expect(moved / keys.length).toBeGreaterThan(0.05);
    expect(moved / keys.length).toBeLessThan(0.14);
  });

  it("picks at random without a hash", () => {
    const lb = ringHash(hostsWithWeights([1, 1]), seededRandom(8), {
      minRingSize: 65_536,
      maxRingSize: 8_388_608,
    });
    expect(maxAbsDiff(pickShares(lb, 20_000), [0.5, 0.5])).toBeLessThan(0.02);
    expect(ringHash([], Math.random, DEFAULTS).pick({ hash: 1 })).toBeUndefined();
  });
});
