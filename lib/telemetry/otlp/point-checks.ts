// Rules shared by the protobuf and JSON metric decoders: which data points are refused.

import type { DecodeContext } from "../limits";
import type {
  ExponentialHistogramPointRow,
  HistogramPointRow,
  MetricPointRow,
  SummaryPointRow,
} from "../rows";

/** Why a decoded data point cannot be stored, or null when it is fine. */
export function metricPointProblem(point: MetricPointRow, ctx: DecodeContext): string | null {
  if (point.metricName.length === 0) return "metric name is empty";
  if (point.timeNs <= 0n) return "time is 0 or before 1970-01-01";
  if (point.timeNs > ctx.maxStartNs)
    return `time is more than ${ctx.limits.maxFutureSkewMs} ms in the future`;
  if (point.startNs < 0n) return "start time is before 1970-01-01";
  if (point.startNs > point.timeNs) return "start time is after time";
  switch (point.type) {
    case "histogram":
      return histogramProblem(point, ctx.limits.maxHistogramBuckets);
    case "exponential_histogram":
      return exponentialHistogramProblem(point, ctx.limits.maxHistogramBuckets);
    case "summary":
      return summaryProblem(point);
    default:
      return null;
  }
}

function histogramProblem(point: HistogramPointRow, maxBuckets: number): string | null {
  const bounds = point.explicitBounds;
  const counts = point.bucketCounts;
  if (bounds.length > maxBuckets || counts.length > maxBuckets + 1) return `more than ${maxBuckets} buckets`;
  if (counts.length === 0) return null;
  if (counts.length !== bounds.length + 1) {
    return `bucket_counts has ${counts.length} entries, expected explicit_bounds + 1 = ${bounds.length + 1}`;
  }
  for (let i = 1; i < bounds.length; i++) {
    if (!(bounds[i]! > bounds[i - 1]!)) return "explicit_bounds are not strictly increasing";
  }
  if (sumOf(counts) !== point.count) return "bucket_counts do not add up to count";
  return null;
}

function exponentialHistogramProblem(point: ExponentialHistogramPointRow, maxBuckets: number): string | null {
  if (point.positive.counts.length > maxBuckets || point.negative.counts.length > maxBuckets) {
    return `more than ${maxBuckets} buckets`;
  }
  if (point.scale < -10 || point.scale > 20) return `scale ${point.scale} is outside -10..20`;
  const total = point.zeroCount + sumOf(point.positive.counts) + sumOf(point.negative.counts);
  if (total !== point.count) return "zero_count and bucket counts do not add up to count";
  return null;
}

function summaryProblem(point: SummaryPointRow): string | null {
  for (const { quantile } of point.quantiles) {
    if (!(quantile >= 0 && quantile <= 1)) return `quantile ${quantile} is outside 0..1`;
  }
  return null;
}

function sumOf(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
