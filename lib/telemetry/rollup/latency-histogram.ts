// Weft's fixed latency histogram, used by every per-minute rollup so that any two can be merged.
//
// The buckets are OpenTelemetry's base-2 exponential histogram buckets at scale 3, over seconds: bucket i
// holds durations in (2^(i/8), 2^((i+1)/8)] seconds, each about 9.05% wider than the last. Reporting a
// bucket by 2·L·U/(L+U) keeps the relative error of any quantile within (2^(1/8) - 1)/(2^(1/8) + 1) ≈ 4.33%.
// Indices run from -112 to 63, i.e. from 2^-14 s (61 µs) to 2^8 s (256 s); one more slot below holds
// everything up to 61 µs (including zero), one above everything past 256 s. See docs/telemetry-metrics.md.
//
// Because the scheme is scale 3, an OTLP exponential histogram with scale >= 3 maps into it exactly.

export const LATENCY_SCALE = 3;
export const MIN_BUCKET_INDEX = -112;
export const MAX_BUCKET_INDEX = 63;
/** Underflow slot, one slot per bucket index, overflow slot. */
export const HISTOGRAM_SLOTS = MAX_BUCKET_INDEX - MIN_BUCKET_INDEX + 3;

const BUCKETS_PER_OCTAVE = 2 ** LATENCY_SCALE;
const UNDERFLOW_SLOT = 0;
const OVERFLOW_SLOT = HISTOGRAM_SLOTS - 1;

/** A latency distribution: `counts[slot]` per slot, plus the total count and sum for rates and means. */
export interface LatencyHistogram {
  counts: number[];
  count: number;
  sumSeconds: number;
}

export function emptyHistogram(): LatencyHistogram {
  return { counts: new Array<number>(HISTOGRAM_SLOTS).fill(0), count: 0, sumSeconds: 0 };
}

/** The slot for a bucket index of the scale-3 scheme, clamped into the underflow / overflow slots. */
export function slotOfBucketIndex(index: number): number {
  if (index < MIN_BUCKET_INDEX) return UNDERFLOW_SLOT;
  if (index > MAX_BUCKET_INDEX) return OVERFLOW_SLOT;
  return index - MIN_BUCKET_INDEX + 1;
}

/** The slot holding a duration in seconds. */
export function slotOfSeconds(seconds: number): number {
  if (!(seconds > 0)) return UNDERFLOW_SLOT;
  // Upper-inclusive buckets: (base^i, base^(i+1)] holds v when i = ceil(log_base v) - 1.
  return slotOfBucketIndex(Math.ceil(Math.log2(seconds) * BUCKETS_PER_OCTAVE) - 1);
}

/** The range of durations a slot holds, in seconds: (lower, upper]. */
export function slotBounds(slot: number): [number, number] {
  if (slot <= UNDERFLOW_SLOT) return [0, 2 ** (MIN_BUCKET_INDEX / BUCKETS_PER_OCTAVE)];
  if (slot >= OVERFLOW_SLOT)
    return [2 ** ((MAX_BUCKET_INDEX + 1) / BUCKETS_PER_OCTAVE), Number.POSITIVE_INFINITY];
  const index = slot - 1 + MIN_BUCKET_INDEX;
  return [2 ** (index / BUCKETS_PER_OCTAVE), 2 ** ((index + 1) / BUCKETS_PER_OCTAVE)];
}

/** The value reported for a slot: the point of least worst-case relative error, or the edge for the end slots. */
export function slotValue(slot: number): number {
  const [lower, upper] = slotBounds(slot);
  if (slot <= UNDERFLOW_SLOT) return upper;
  if (slot >= OVERFLOW_SLOT) return lower;
  return (2 * lower * upper) / (lower + upper);
}

/** Records `count` durations of `seconds` each into `histogram` (mutates it). */
export function addToHistogram(histogram: LatencyHistogram, seconds: number, count = 1): void {
  const slot = slotOfSeconds(seconds);
  histogram.counts[slot] = histogram.counts[slot]! + count;
  histogram.count += count;
  histogram.sumSeconds += seconds * count;
}

/** A new histogram holding everything in the given ones. */
export function mergeHistograms(...histograms: LatencyHistogram[]): LatencyHistogram {
  const merged = emptyHistogram();
  for (const histogram of histograms) mergeInto(merged, histogram);
  return merged;
}

/** Adds `source` into `target` (mutates target). */
export function mergeInto(target: LatencyHistogram, source: LatencyHistogram): void {
  for (let slot = 0; slot < HISTOGRAM_SLOTS; slot++)
    target.counts[slot] = target.counts[slot]! + (source.counts[slot] ?? 0);
  target.count += source.count;
  target.sumSeconds += source.sumSeconds;
}

/**
 * The q-quantile (0 < q <= 1) in seconds, e.g. 0.5, 0.9, 0.99; null for an empty histogram.
 * It is the value of the slot holding the ceil(q * count)-th smallest duration, so within 4.33% of the
 * true quantile when that slot is not an end slot.
 */
export function quantileFromHistogram(histogram: LatencyHistogram, q: number): number | null {
  const total = histogram.counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * total));
  let seen = 0;
  for (let slot = 0; slot < HISTOGRAM_SLOTS; slot++) {
    seen += histogram.counts[slot]!;
    if (seen >= rank) return slotValue(slot);
  }
  return slotValue(OVERFLOW_SLOT);
}

export interface LatencyQuantiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export function latencyQuantiles(histogram: LatencyHistogram): LatencyQuantiles {
  return {
    p50: quantileFromHistogram(histogram, 0.5),
    p90: quantileFromHistogram(histogram, 0.9),
    p99: quantileFromHistogram(histogram, 0.99),
  };
}
