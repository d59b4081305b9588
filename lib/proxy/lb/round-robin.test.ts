import { describe, expect, it } from "vitest";
import { EdfScheduler } from "./edf-scheduler";
import { roundRobin } from "./round-robin";
import { hostsWithWeights } from "./testing";

describe("roundRobin", () => {
  it("rotates through equal-weight hosts starting at a random offset", () => {
    const hosts = hostsWithWeights([1, 1, 1]);
    const lb = roundRobin(hosts, () => 0.5);
    expect(Array.from({ length: 7 }, () => lb.pick()!.key)).toEqual([
      "10.0.0.2:8080",
      "10.0.0.3:8080",
      "10.0.0.1:8080",
      "10.0.0.2:8080",
      "10.0.0.3:8080",
      "10.0.0.1:8080",
      "10.0.0.2:8080",
    ]);
  });

  it("gives weighted hosts exactly their share, within one pick, over 10,000 picks", () => {
    const weights = [1, 2, 3, 4];
    const lb = roundRobin(hostsWithWeights(weights), () => 0.7);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const key = lb.pick()!.key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    weights.forEach((w, i) => {
      expect(Math.abs(counts.get(`10.0.0.${i + 1}:8080`)! - w * 1000)).toBeLessThanOrEqual(1);
    });
  });

  it("interleaves weighted picks smoothly: every window of 10 is within one of the weights", () => {
    const weights = [1, 2, 3, 4];
    const lb = roundRobin(hostsWithWeights(weights), () => 0);
    const picks = Array.from({ length: 200 }, () => lb.pick()!.key);
    for (let start = 0; start + 10 <= picks.length; start++) {
      const window = picks.slice(start, start + 10);
      weights.forEach((w, i) => {
        const count = window.filter((k) => k === `10.0.0.${i + 1}:8080`).length;
        expect(Math.abs(count - w)).toBeLessThanOrEqual(1);
      });
    }
  });

  it("returns undefined without hosts", () => {
    expect(roundRobin([], Math.random).pick()).toBeUndefined();
  });
});

describe("EdfScheduler", () => {
  it("orders by deadline, ties in insertion order", () => {
    const edf = new EdfScheduler<string>();
    edf.add("a", 1);
    edf.add("b", 2);
    // Deadlines: b 0.5, a 1 and b 1 (a first: inserted earlier), then b 1.5, a 2, b 2 ...
    expect(Array.from({ length: 6 }, () => edf.pick())).toEqual(["b", "a", "b", "b", "a", "b"]);
  });

  it("rejects non-positive weights", () => {
    expect(() => new EdfScheduler<string>().add("x", 0)).toThrow("EDF weight must be positive, got 0");
  });
});
