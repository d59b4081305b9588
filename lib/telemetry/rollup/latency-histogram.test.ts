import { describe, expect, it } from "vitest";
import { seededRandom } from "../otlp/testing/random";
import {
  addToHistogram,
  emptyHistogram,
  HISTOGRAM_SLOTS,
  latencyQuantiles,
  mergeHistograms,
  quantileFromHistogram,
  slotBounds,
  slotOfSeconds,
} from "./latency-histogram";
import { addExplicitHistogram, addExponentialHistogram } from "./otlp-histograms";

const MAX_RELATIVE_ERROR = (2 ** (1 / 8) - 1) / (2 ** (1 / 8) + 1);

function histogramOf(values: number[]) {
  const histogram = emptyHistogram();
  for (const value of values) addToHistogram(histogram, value);
  return histogram;
}

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe("latency histogram scheme", () => {
  it("has contiguous, increasing slots from 61 µs to 256 s around underflow and overflow", () => {
    expect(HISTOGRAM_SLOTS).toBe(178);
    expect(slotBounds(0)).toEqual([0, 2 ** -14]);
    expect(slotBounds(HISTOGRAM_SLOTS - 1)).toEqual([256, Number.POSITIVE_INFINITY]);
    for (let slot = 1; slot < HISTOGRAM_SLOTS; slot++) {
      const [lower, upper] = slotBounds(slot);
      expect(lower).toBeCloseTo(slotBounds(slot - 1)[1], 12);
      if (slot < HISTOGRAM_SLOTS - 1) expect(upper / lower).toBeCloseTo(2 ** (1 / 8), 12);
    }
  });

  it("puts each value in the slot whose bounds hold it", () => {
    for (const seconds of [0.0001, 0.000123, 0.001, 0.0315, 1, 2, 59.9, 60, 61, 200]) {
      const [lower, upper] = slotBounds(slotOfSeconds(seconds));
      expect(seconds > lower && seconds <= upper, `${seconds} in (${lower}, ${upper}]`).toBe(true);
    }
    expect(slotOfSeconds(0)).toBe(0);
    expect(slotOfSeconds(-1)).toBe(0);
    expect(slotOfSeconds(0.00005)).toBe(0);
    expect(slotOfSeconds(1000)).toBe(HISTOGRAM_SLOTS - 1);
  });

  it.each([
    ["log-uniform 0.1 ms to 60 s", (r: () => number) => 1e-4 * 6e5 ** r()],
    ["narrow around 20 ms", (r: () => number) => 0.02 + r() * 0.003],
    ["bimodal", (r: () => number) => (r() < 0.9 ? 0.002 + r() * 0.001 : 0.8 + r())],
  ])("keeps p50, p90 and p99 within 4.33%% of the exact value (%s)", (_name, sample) => {
    const random = seededRandom(11);
    const values = Array.from({ length: 20_000 }, () => sample(random));
    const histogram = histogramOf(values);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) {
      const estimate = quantileFromHistogram(histogram, q)!;
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(estimate - exact) / exact, `q=${q}`).toBeLessThanOrEqual(MAX_RELATIVE_ERROR + 1e-12);
    }
    expect(histogram.count).toBe(20_000);
    expect(histogram.sumSeconds).toBeCloseTo(
      values.reduce((a, b) => a + b, 0),
      6,
    );
  });

  it("stays within the bound even for values at the very edges of a bucket", () => {
    for (let slot = 1; slot < HISTOGRAM_SLOTS - 1; slot++) {
      const [lower, upper] = slotBounds(slot);
      for (const value of [lower * (1 + 1e-9), upper]) {
        const estimate = quantileFromHistogram(histogramOf([value]), 0.5)!;
        expect(Math.abs(estimate - value) / value).toBeLessThanOrEqual(MAX_RELATIVE_ERROR + 1e-9);
      }
    }
  });

  it("reports the end slots by their inner edge and an empty histogram as null", () => {
    expect(latencyQuantiles(emptyHistogram())).toEqual({ p50: null, p90: null, p99: null });
    expect(quantileFromHistogram(histogramOf([0, 0.00001]), 0.99)).toBe(2 ** -14);
    expect(quantileFromHistogram(histogramOf([900]), 0.5)).toBe(256);
  });

  it("merges by adding counts, so merged quantiles equal those of the combined data", () => {
    const random = seededRandom(5);
    const a = Array.from({ length: 500 }, () => random() * 0.1);
    const b = Array.from({ length: 1500 }, () => 0.1 + random());
    const merged = mergeHistograms(histogramOf(a), histogramOf(b));
    expect(merged).toEqual(
      expect.objectContaining({ counts: histogramOf([...a, ...b]).counts, count: 2000 }),
    );
    expect(merged.sumSeconds).toBeCloseTo(histogramOf([...a, ...b]).sumSeconds, 9);
  });
});

describe("folding OTLP histograms", () => {
  it("maps exponential buckets at scale 3 and finer exactly", () => {
    const random = seededRandom(3);
    const values = Array.from({ length: 2000 }, () => 1e-4 * 1e5 ** random());
    for (const scale of [3, 5, 8]) {
      // Build the OTLP exponential buckets a sender would send at this scale.
      const indices = values.map((v) => Math.ceil(Math.log2(v) * 2 ** scale) - 1);
      const offset = Math.min(...indices);
      const counts = new Array<number>(Math.max(...indices) - offset + 1).fill(0);
      for (const index of indices) counts[index - offset]!++;
      const folded = emptyHistogram();
      addExponentialHistogram(
        folded,
        { scale, zeroCount: 0, positive: { offset, counts }, negative: { offset: 0, counts: [] }, sum: 1 },
        1,
      );
      expect(folded.counts, `scale ${scale}`).toEqual(histogramOf(values).counts);
      expect(folded.count).toBe(2000);
      expect(folded.sumSeconds).toBe(1);
    }
  });

  it("places coarse exponential buckets, zero and negative counts", () => {
    const folded = emptyHistogram();
    addExponentialHistogram(
      folded,
      {
        scale: 0,
        zeroCount: 2,
        positive: { offset: 3, counts: [5] },
        negative: { offset: 0, counts: [1] },
        sum: null,
      },
      1e-3,
    );
    // Scale 0 bucket 3 holds (8, 16] ms; it is placed at 2·8·16/24 ms.
    expect(folded.counts[0]).toBe(3);
    expect(folded.counts[slotOfSeconds((2 * 8 * 16) / 24 / 1000)]).toBe(5);
    expect(folded.count).toBe(8);
  });

  it("places explicit buckets inside their bounds, narrowed by min and max", () => {
    const folded = emptyHistogram();
    addExplicitHistogram(
      folded,
      {
        explicitBounds: [0.005, 0.01, 0.1],
        bucketCounts: [2, 0, 3, 1],
        count: 6,
        sum: 2.5,
        min: 0.002,
        max: 2,
      },
      1,
    );
    expect(folded.count).toBe(6);
    expect(folded.sumSeconds).toBe(2.5);
    expect(folded.counts[slotOfSeconds(Math.sqrt(0.002 * 0.005))]).toBe(2);
    expect(folded.counts[slotOfSeconds(Math.sqrt(0.01 * 0.1))]).toBe(3);
    expect(folded.counts[slotOfSeconds(Math.sqrt(0.1 * 2))]).toBe(1);
    const p50 = quantileFromHistogram(folded, 0.5)!;
    expect(p50).toBeGreaterThan(0.01);
    expect(p50).toBeLessThanOrEqual(0.1);
  });
});
