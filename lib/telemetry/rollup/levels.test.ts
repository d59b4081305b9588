import { describe, expect, it } from "vitest";
import { bucketStartMs, bucketsToRecompute, LEVEL_MINUTES, pendingBucketsOf } from "./levels";

const at = (iso: string) => Date.parse(iso);

describe("rollup levels", () => {
  it("has widths that divide each other and a UTC day", () => {
    for (let i = 1; i < LEVEL_MINUTES.length; i++) expect(LEVEL_MINUTES[i]! % LEVEL_MINUTES[i - 1]!).toBe(0);
    expect(LEVEL_MINUTES.at(-1)).toBe(1440);
  });

  it("aligns buckets to their width from the epoch (UTC)", () => {
    expect(bucketStartMs(at("2026-11-21T10:37:59Z"), 10)).toBe(at("2026-11-21T10:30:00Z"));
    expect(bucketStartMs(at("2026-11-21T10:37:59Z"), 360)).toBe(at("2026-11-21T06:00:00Z"));
    expect(bucketStartMs(at("2026-11-21T23:59:00Z"), 1440)).toBe(at("2026-11-21T00:00:00Z"));
  });

  it("lists the distinct finest buckets of a flush's minutes, ascending", () => {
    const minutes = ["10:59", "10:31", "10:30", "10:39", "10:40"].map((t) => at(`2026-11-21T${t}:00Z`));
    expect(pendingBucketsOf(minutes)).toEqual([
      at("2026-11-21T10:30:00Z"),
      at("2026-11-21T10:40:00Z"),
      at("2026-11-21T10:50:00Z"),
    ]);
    expect(pendingBucketsOf([])).toEqual([]);
  });

  it("recomputes every level's bucket above a changed one, finest first", () => {
    const levels = bucketsToRecompute([at("2026-11-21T23:50:00Z"), at("2026-11-22T00:00:00Z")]);
    expect(levels.map((l) => [l.width, l.startsMs.map((ms) => new Date(ms).toISOString())])).toEqual([
      [10, ["2026-11-21T23:50:00.000Z", "2026-11-22T00:00:00.000Z"]],
      [60, ["2026-11-21T23:00:00.000Z", "2026-11-22T00:00:00.000Z"]],
      [360, ["2026-11-21T18:00:00.000Z", "2026-11-22T00:00:00.000Z"]],
      [1440, ["2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z"]],
    ]);
    expect(bucketsToRecompute([])).toEqual([]);
  });
});
