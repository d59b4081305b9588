import { describe, expect, it } from "vitest";
import { slotOfSeconds } from "@/lib/telemetry/rollup/latency-histogram";
import { bucketIndex, ExponentialHistogram } from "./exp-histogram";

describe("ExponentialHistogram (scale 3)", () => {
  it("puts each duration in the same bucket as ingest's rollup histogram", () => {
    for (const seconds of [0.0001, 0.00075, 0.001, 0.0042, 0.05, 0.25, 1, 1.5, 30]) {
      // Rollup slot = bucket index - (-112) + 1.
      expect(bucketIndex(seconds) + 113).toBe(slotOfSeconds(seconds));
    }
  });

  it("keeps count, sum, min, max, zeros and a dense bucket range", () => {
    const h = new ExponentialHistogram();
    for (const s of [0.002, 0.001, 0, 0.004]) h.record(s);
    expect(h.count).toBe(4);
    expect(h.zeroCount).toBe(1);
    expect(h.min).toBe(0);
    expect(h.max).toBe(0.004);
    expect(h.sum).toBeCloseTo(0.007, 12);
    const { offset, counts } = h.buckets();
    expect(offset).toBe(bucketIndex(0.001));
    expect(counts.length).toBe(bucketIndex(0.004) - offset + 1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("bounds the number of buckets, folding far outliers into the edge bucket", () => {
    const h = new ExponentialHistogram();
    h.record(1e-6);
    h.record(1e6);
    expect(h.buckets().counts.length).toBeLessThanOrEqual(256);
    expect(h.count).toBe(2);
    expect(h.max).toBe(1e6);
  });
});
