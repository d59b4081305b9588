import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/random";
import { weightedRandom } from "./random";
import { expectedShares, hostsWithWeights, maxAbsDiff, pickShares } from "./testing";

describe("weightedRandom", () => {
  it("picks in proportion to weight within 0.5 percentage points over 200k picks", () => {
    const weights = [1, 2, 3, 4];
    const shares = pickShares(weightedRandom(hostsWithWeights(weights), seededRandom(5)), 200_000);
    expect(maxAbsDiff(shares, expectedShares(weights))).toBeLessThan(0.005);
  });

  it("is uniform over equal weights", () => {
    const shares = pickShares(weightedRandom(hostsWithWeights([1, 1, 1, 1, 1]), seededRandom(6)), 100_000);
    expect(maxAbsDiff(shares, [0.2, 0.2, 0.2, 0.2, 0.2])).toBeLessThan(0.005);
  });

  it("maps draws onto cumulative weights exactly", () => {
    const hosts = hostsWithWeights([1, 3]);
    expect(weightedRandom(hosts, () => 0.2499).pick()!.key).toBe("10.0.0.1:8080");
    expect(weightedRandom(hosts, () => 0.25).pick()!.key).toBe("10.0.0.2:8080");
    expect(weightedRandom([], () => 0.5).pick()).toBeUndefined();
  });
});
