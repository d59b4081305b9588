import { describe, expect, it } from "vitest";
import { fakeClock, randomInt, randomUint32, seededRandom } from "./random";

describe("seededRandom", () => {
  it("is deterministic per seed and differs between seeds", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
  });

  it("stays in [0, 1) and is close to uniform", () => {
    const random = seededRandom(7);
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = random();
      min = Math.min(min, x);
      max = Math.max(max, x);
      buckets[Math.floor(x * 10)]! += 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(n / 10 / 20);
  });

  it("works with seed 0", () => {
    const random = seededRandom(0);
    const values = new Set(Array.from({ length: 100 }, random));
    expect(values.size).toBe(100);
  });
});

describe("randomInt and randomUint32", () => {
  it("map the unit interval onto integers", () => {
    expect(randomInt(() => 0.999999, 10)).toBe(9);
    expect(randomInt(() => 0, 10)).toBe(0);
    expect(randomUint32(() => 0.5)).toBe(0x80000000);
  });
});

describe("fakeClock", () => {
  it("moves only when told", () => {
    const clock = fakeClock(100);
    expect(clock.now()).toBe(100);
    clock.advance(50);
    expect(clock.now()).toBe(150);
    clock.set(10);
    expect(clock.now()).toBe(10);
  });
});
