import { describe, expect, it } from "vitest";
import type { ClusterSpecifier, WeightedClusterEntry } from "../config/route-model";
import { EMPTY_HEADER_MUTATION } from "../config/route-model";
import { seededRandom } from "../util/random";
import { chooseCluster, pickWeightedCluster } from "./weighted";

function entry(name: string, weight: number): WeightedClusterEntry {
  return {
    name,
    weight,
    requestHeaders: EMPTY_HEADER_MUTATION,
    responseHeaders: EMPTY_HEADER_MUTATION,
    perFilterConfig: new Map(),
  };
}

const split: Extract<ClusterSpecifier, { kind: "weighted" }> = {
  kind: "weighted",
  clusters: [entry("v1", 90), entry("v2", 0), entry("v3", 10)],
  totalWeight: 100,
};

describe("pickWeightedCluster", () => {
  it("maps the random draw onto cumulative weights", () => {
    expect(pickWeightedCluster(split, () => 0).name).toBe("v1");
    expect(pickWeightedCluster(split, () => 0.8999).name).toBe("v1");
    expect(pickWeightedCluster(split, () => 0.9).name).toBe("v3");
    expect(pickWeightedCluster(split, () => 0.99999).name).toBe("v3");
  });

  it("splits traffic by weight within 0.5 percentage points over 100k picks, never to weight 0", () => {
    const random = seededRandom(11);
    const counts = new Map<string, number>();
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const name = pickWeightedCluster(split, random).name;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect(counts.get("v2")).toBeUndefined();
    expect(Math.abs(counts.get("v1")! / n - 0.9)).toBeLessThan(0.005);
    expect(Math.abs(counts.get("v3")! / n - 0.1)).toBeLessThan(0.005);
  });

  it("takes a sticky value from the configured header", () => {
    const sticky = { ...split, randomValueHeader: "x-split" };
    const never = () => {
      throw new Error("random must not be used");
    };
    expect(pickWeightedCluster(sticky, never, { "x-split": "195" }).name).toBe("v3");
    expect(pickWeightedCluster(sticky, never, { "x-split": "42" }).name).toBe("v1");
    expect(pickWeightedCluster(sticky, () => 0.95, { "x-split": "abc" }).name).toBe("v3");
  });
});

describe("chooseCluster", () => {
  it("resolves single, header and weighted targets", () => {
    expect(chooseCluster({ kind: "cluster", name: "a" }, Math.random, {})).toEqual({
      kind: "cluster",
      name: "a",
    });
    expect(chooseCluster({ kind: "header", header: "x-cluster" }, Math.random, { "x-cluster": "b" })).toEqual(
      { kind: "cluster", name: "b" },
    );
    expect(chooseCluster({ kind: "header", header: "x-cluster" }, Math.random, {})).toEqual({
      kind: "missing_header",
      header: "x-cluster",
    });
    expect(chooseCluster(split, () => 0.95, {})).toMatchObject({
      kind: "cluster",
      name: "v3",
      entry: { weight: 10 },
    });
  });
});
