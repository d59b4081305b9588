import { describe, expect, it } from "vitest";
import { countsLiteral, histogramFromSlots } from "./histogram-sql";
import { emptyHistogram, HISTOGRAM_SLOTS } from "./latency-histogram";

describe("countsLiteral", () => {
  it("writes only the occupied slots, with slot numbers as subscripts", () => {
    const counts = emptyHistogram().counts;
    counts[40] = 1;
    counts[42] = 5;
    counts[43] = 2;
    expect(countsLiteral(counts)).toBe("[40:43]={1,0,5,2}");
  });

  it("writes the end slots and negative counts, and {} when empty", () => {
    const counts = emptyHistogram().counts;
    counts[0] = -1;
    counts[HISTOGRAM_SLOTS - 1] = 3;
    expect(countsLiteral(counts)).toBe(
      `[0:${HISTOGRAM_SLOTS - 1}]={-1,${"0,".repeat(HISTOGRAM_SLOTS - 2)}3}`,
    );
    expect(countsLiteral(emptyHistogram().counts)).toBe("{}");
  });
});

describe("histogramFromSlots", () => {
  it("rebuilds a histogram from summed slots and ignores what cannot be a count", () => {
    const histogram = histogramFromSlots([3, 4, 999, -1, 5], [2, 1, 7, 7, 0], 0.5);
    expect(histogram.counts[3]).toBe(2);
    expect(histogram.counts[4]).toBe(1);
    expect(histogram.count).toBe(3);
    expect(histogram.sumSeconds).toBe(0.5);
    expect(histogram.counts.length).toBe(HISTOGRAM_SLOTS);
  });
});
