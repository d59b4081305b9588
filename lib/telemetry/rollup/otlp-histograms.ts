// Folding OTLP histogram data points into Weft's latency histogram. Exponential histograms at scale >= 3
// in seconds map exactly (each OTLP bucket lies inside one Weft bucket); anything else is placed by a
// representative value per bucket, so its accuracy is bounded by the sender's buckets.

import type { ExponentialHistogramPointRow, HistogramPointRow } from "../rows";
import { LATENCY_SCALE, type LatencyHistogram, slotOfBucketIndex, slotOfSeconds } from "./latency-histogram";

/** Seconds per unit for the duration units ingest understands, or null for anything else. */
export function secondsPerUnit(unit: string): number | null {
  switch (unit) {
    case "s":
    case "":
      return 1;
    case "ms":
      return 1e-3;
    case "us":
    case "µs":
      return 1e-6;
    case "ns":
      return 1e-9;
    default:
      return null;
  }
}

function addToSlot(target: LatencyHistogram, slot: number, count: number): void {
  target.counts[slot] = target.counts[slot]! + count;
  target.count += count;
}

/** Adds an explicit-bucket histogram point whose values are `unitSeconds` seconds each. */
export function addExplicitHistogram(
  target: LatencyHistogram,
  point: Pick<HistogramPointRow, "explicitBounds" | "bucketCounts" | "count" | "sum" | "min" | "max">,
  unitSeconds: number,
): void {
  const bounds = point.explicitBounds;
  const counts = point.bucketCounts;
  let estimatedSum = 0;
  for (let j = 0; j < counts.length; j++) {
    const count = counts[j]!;
    if (count === 0) continue;
    // Bucket j holds (bounds[j-1], bounds[j]]; narrow it with min / max where the sender gave them.
    let lower = j === 0 ? (point.min ?? 0) : bounds[j - 1]!;
    let upper = j === counts.length - 1 ? (point.max ?? lower * 2) : bounds[j]!;
    if (point.min !== null && point.min > lower && point.min <= upper) lower = point.min;
    if (point.max !== null && point.max < upper && point.max > lower) upper = point.max;
    const value = lower > 0 ? Math.sqrt(lower * upper) : upper / 2;
    addToSlot(target, slotOfSeconds(value * unitSeconds), count);
    estimatedSum += value * unitSeconds * count;
  }
  if (counts.length === 0 && point.count > 0) {
    // No buckets: only the count and sum are known; record them at the mean.
    const mean = point.sum !== null ? point.sum / point.count : 0;
    addToSlot(target, slotOfSeconds(mean * unitSeconds), point.count);
  }
  target.sumSeconds += point.sum !== null ? point.sum * unitSeconds : estimatedSum;
}

/** Adds an exponential histogram point whose values are `unitSeconds` seconds each. */
export function addExponentialHistogram(
  target: LatencyHistogram,
  point: Pick<ExponentialHistogramPointRow, "scale" | "zeroCount" | "positive" | "negative" | "sum">,
  unitSeconds: number,
): void {
  // Zero and negative durations have nowhere else to go than the lowest slot.
  let below = point.zeroCount;
  for (const count of point.negative.counts) below += count;
  if (below > 0) addToSlot(target, 0, below);
  const exact = unitSeconds === 1 && point.scale >= LATENCY_SCALE;
  const shift = point.scale - LATENCY_SCALE;
  const base = 2 ** (2 ** -point.scale);
  let estimatedSum = 0;
  const positive = point.positive;
  for (let k = 0; k < positive.counts.length; k++) {
    const count = positive.counts[k]!;
    if (count === 0) continue;
    const index = positive.offset + k;
    const lower = base ** index;
    const upper = lower * base;
    const value = (2 * lower * upper) / (lower + upper);
    estimatedSum += value * unitSeconds * count;
    // An arithmetic shift floors, which is what narrowing to a coarser scale needs for negative indices too.
    addToSlot(target, exact ? slotOfBucketIndex(index >> shift) : slotOfSeconds(value * unitSeconds), count);
  }
  target.sumSeconds += point.sum !== null ? point.sum * unitSeconds : estimatedSum;
}
