import { describe, expect, it } from "vitest";
import { countsLiteral, histogramFromSlots, sumCountsLiterals } from "./histogram-sql";
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

describe("sumCountsLiterals", () => {
  it("sums ';'-joined array texts slot by slot, keeping the positive sums", () => {
    expect(sumCountsLiterals("[40:43]={1,0,5,2};{};[42:44]={1,-2,4};[0:0]={-3}")).toEqual({
      slots: [40, 42, 44],
      counts: [1, 6, 4],
    });
  });

  it("reads arrays without bounds from slot 1 and ignores slots outside the scheme", () => {
    expect(sumCountsLiterals(`{2,3};[${HISTOGRAM_SLOTS - 1}:${HISTOGRAM_SLOTS}]={1,9}`)).toEqual({
      slots: [1, 2, HISTOGRAM_SLOTS - 1],
      counts: [2, 3, 1],
    });
    expect(sumCountsLiterals("")).toEqual({ slots: [], counts: [] });
  });

  it("agrees with countsLiteral on what it writes", () => {
    const a = emptyHistogram().counts;
    const b = emptyHistogram().counts;
    a[10] = 4;
    a[100] = 1;
    b[10] = 2;
    b[177] = 7;
    expect(sumCountsLiterals(`${countsLiteral(a)};${countsLiteral(b)}`)).toEqual({
      slots: [10, 100, 177],
      counts: [6, 1, 7],
    });
  });

  it("refuses text that is not arrays of integers", () => {
    expect(() => sumCountsLiterals("[1:2]={1,x}")).toThrow(/a number expected at offset 9/);
    expect(() => sumCountsLiterals("{1,2")).toThrow(/',' or '}' expected/);
    expect(() => sumCountsLiterals("{1}{2}")).toThrow(/';' expected/);
    expect(() => sumCountsLiterals("[1-2]={1}")).toThrow(/':' expected/);
  });
});
