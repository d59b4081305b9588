import { describe, expect, it } from "vitest";
import {
  apportion,
  evenWeights,
  normalizeWeights,
  removeWeight,
  setWeight,
  sumWeights,
  weightsProblem,
} from "./weights";

const entries = (...weights: number[]) => weights.map((weight) => ({ weight }));

describe("setWeight", () => {
  it("moves the other side of a two-way split", () => {
    expect(setWeight(entries(80, 20), 0, 70)).toEqual([70, 30]);
    expect(setWeight(entries(80, 20), 1, 30)).toEqual([70, 30]);
    expect(setWeight(entries(100, 0), 1, 100)).toEqual([0, 100]);
  });

  it("re-balances several others in proportion to their weights", () => {
    expect(setWeight(entries(50, 30, 20), 0, 70)).toEqual([70, 18, 12]);
    expect(setWeight(entries(50, 30, 20), 0, 0)).toEqual([0, 60, 40]);
  });

  it("splits evenly when the others are all at zero", () => {
    expect(setWeight(entries(100, 0, 0), 0, 40)).toEqual([40, 30, 30]);
    expect(setWeight(entries(100, 0, 0), 0, 99)).toEqual([99, 1, 0]);
  });

  it("keeps locked entries and clamps to what they leave", () => {
    const locked = [{ weight: 40 }, { weight: 30, locked: true }, { weight: 30 }];
    expect(setWeight(locked, 0, 60)).toEqual([60, 30, 10]);
    expect(setWeight(locked, 0, 90)).toEqual([70, 30, 0]);
  });

  it("cannot move an entry when every other is locked", () => {
    const stuck = [{ weight: 60 }, { weight: 40, locked: true }];
    expect(setWeight(stuck, 0, 10)).toEqual([60, 40]);
  });

  it("rounds and clamps requests, and always sums to exactly 100", () => {
    expect(setWeight(entries(80, 20), 0, 70.6)).toEqual([71, 29]);
    expect(setWeight(entries(80, 20), 0, -5)).toEqual([0, 100]);
    expect(setWeight(entries(80, 20), 0, 250)).toEqual([100, 0]);
    expect(setWeight(entries(80, 20), 0, Number.NaN)).toEqual([0, 100]);
    // Every position of a seven-way split, every value: the sum stays 100 and all are integers.
    const seven = entries(10, 20, 5, 15, 25, 15, 10);
    for (let index = 0; index < seven.length; index++) {
      for (let value = 0; value <= 100; value++) {
        const next = setWeight(seven, index, value);
        expect(sumWeights(next)).toBe(100);
        expect(next[index]).toBe(value);
        expect(next.every((weight) => Number.isInteger(weight) && weight >= 0)).toBe(true);
      }
    }
  });

  it("ignores an index out of range", () => {
    expect(setWeight(entries(80, 20), 5, 10)).toEqual([80, 20]);
  });
});

describe("apportion and friends", () => {
  it("uses largest remainders, ties to the earlier entry", () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(10, [1, 2])).toEqual([3, 7]);
    expect(apportion(0, [5, 5])).toEqual([0, 0]);
    expect(apportion(100, [])).toEqual([]);
  });

  it("normalizes, removes and evens out", () => {
    expect(normalizeWeights([1, 3])).toEqual([25, 75]);
    expect(normalizeWeights([0])).toEqual([100]);
    expect(removeWeight([50, 30, 20], 0)).toEqual([60, 40]);
    expect(evenWeights(3)).toEqual([34, 33, 33]);
  });

  it("states the problem the server would reject", () => {
    expect(weightsProblem([70, 30])).toBeNull();
    expect(weightsProblem([70, 25])).toBe("weights sum to 95; they must sum to 100");
    expect(weightsProblem([70.5, 29.5])).toBe("weights must be whole numbers");
    expect(weightsProblem([110, -10])).toBe("weights cannot be negative");
  });
});
