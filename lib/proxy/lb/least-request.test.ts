import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/random";
import { leastRequest } from "./least-request";
import { expectedShares, hostsWithWeights, maxAbsDiff, pickShares } from "./testing";
import type { WeightedHost } from "./types";

const activeFrom = (active: readonly number[]) => (host: WeightedHost) =>
  active[Number(host.key.split(".")[3]!.split(":")[0]) - 1]!;

describe("leastRequest", () => {
  it("is uniform when idle", () => {
    const lb = leastRequest(hostsWithWeights([1, 1, 1, 1]), seededRandom(1), () => 0);
    expect(maxAbsDiff(pickShares(lb, 100_000), [0.25, 0.25, 0.25, 0.25])).toBeLessThan(0.006);
  });

  it("prefers the idle host as power of two choices predicts: 1 - (3/4)^2 = 7/16", () => {
    const lb = leastRequest(hostsWithWeights([1, 1, 1, 1]), seededRandom(2), activeFrom([0, 5, 5, 5]));
    const shares = pickShares(lb, 100_000);
    expect(Math.abs(shares[0]! - 7 / 16)).toBeLessThan(0.006);
    for (const share of shares.slice(1)) expect(Math.abs(share - 3 / 16)).toBeLessThan(0.006);
  });

  it("with three choices the idle host wins 1 - (3/4)^3 of picks", () => {
    const lb = leastRequest(hostsWithWeights([1, 1, 1, 1]), seededRandom(3), activeFrom([0, 5, 5, 5]), 3);
    expect(Math.abs(pickShares(lb, 100_000)[0]! - (1 - 27 / 64))).toBeLessThan(0.006);
  });

  it("splits idle traffic by weight", () => {
    const lb = leastRequest(hostsWithWeights([1, 3]), seededRandom(4), () => 0);
    expect(maxAbsDiff(pickShares(lb, 100_000), expectedShares([1, 3]))).toBeLessThan(0.006);
  });

  it("compares load per unit of weight", () => {
    // Host 2 has 3 active on weight 3 (load 1), host 1 is idle: host 1 wins whenever sampled.
    const lb = leastRequest(hostsWithWeights([1, 3]), seededRandom(5), activeFrom([0, 3]));
    expect(Math.abs(pickShares(lb, 100_000)[0]! - 7 / 16)).toBeLessThan(0.006);
    // Host 1 has 1 active on weight 1 (load 1), host 2 has 2 on weight 3 (load 2/3): host 2 wins when sampled.
    const other = leastRequest(hostsWithWeights([1, 3]), seededRandom(6), activeFrom([1, 2]));
    expect(Math.abs(pickShares(other, 100_000)[1]! - 15 / 16)).toBeLessThan(0.006);
  });

  it("handles zero and one host", () => {
    expect(leastRequest([], Math.random, () => 0).pick()).toBeUndefined();
    expect(leastRequest(hostsWithWeights([1]), Math.random, () => 9).pick()!.key).toBe("10.0.0.1:8080");
  });
});
