// MetricPointRow → one binary COPY row of telemetry_metric_points. Histograms keep their buckets as arrays.

import type { MetricPointRow, MetricType } from "../rows";
import { BinaryCopyWriter } from "./copy-writer";
import type { ResourceSet } from "./resources";
import { clampInt4 } from "./span-copy";

/** The column order of the rows encodePoints writes; lib/db/queries/copyMetricPoints.ts names the same list. */
export const POINT_COPY_COLUMNS = [
  "time_ns",
  "start_ns",
  "count",
  "value",
  "sum",
  "min",
  "max",
  "zero_threshold",
  "zero_count",
  "flags",
  "dropped_attributes_count",
  "scale",
  "positive_offset",
  "negative_offset",
  "type",
  "temporality",
  "monotonic",
  "resource_id",
  "service",
  "metric_name",
  "unit",
  "description",
  "scope_name",
  "scope_version",
  "attributes",
  "bounds",
  "bucket_counts",
  "negative_counts",
  "quantiles",
  "quantile_values",
] as const;

/** The `type` column's codes. */
export const METRIC_TYPE_CODES: Readonly<Record<MetricType, number>> = {
  gauge: 1,
  sum: 2,
  histogram: 3,
  exponential_histogram: 4,
  summary: 5,
};

export function encodePoints(points: readonly MetricPointRow[], resources: ResourceSet): Buffer {
  const w = new BinaryCopyWriter(points.length * 512 + 64);
  for (const p of points) {
    w.row(POINT_COPY_COLUMNS.length).int8(p.timeNs).int8(p.startNs);
    // count, value, sum, min, max, zero_threshold, zero_count
    switch (p.type) {
      case "gauge":
      case "sum":
        w.null().float8(p.value).null().null().null().null().null();
        break;
      case "histogram":
        w.int8(p.count).null();
        optionalFloat(w, p.sum);
        optionalFloat(w, p.min);
        optionalFloat(w, p.max);
        w.null().null();
        break;
      case "exponential_histogram":
        w.int8(p.count).null();
        optionalFloat(w, p.sum);
        optionalFloat(w, p.min);
        optionalFloat(w, p.max);
        w.float8(p.zeroThreshold).int8(p.zeroCount);
        break;
      case "summary":
        w.int8(p.count).null().float8(p.sum).null().null().null().null();
        break;
    }
    w.int4(p.flags | 0).int4(clampInt4(p.droppedAttributesCount));
    // scale, positive_offset, negative_offset
    if (p.type === "exponential_histogram") w.int4(p.scale).int4(p.positive.offset).int4(p.negative.offset);
    else w.null().null().null();
    w.int2(METRIC_TYPE_CODES[p.type]);
    // temporality, monotonic
    if (p.type === "gauge" || p.type === "summary") w.null().null();
    else if (p.type === "sum") w.int2(p.temporality).bool(p.monotonic);
    else w.int2(p.temporality).null();
    w.bytea(resources.add(p.resourceAttributes))
      .text(p.service)
      .text(p.metricName)
      .text(p.unit)
      .textOrNull(p.description)
      .textOrNull(p.scope.name)
      .textOrNull(p.scope.version)
      .jsonb(JSON.stringify(p.attributes));
    // bounds, bucket_counts, negative_counts, quantiles, quantile_values
    if (p.type === "histogram")
      w.float8Array(p.explicitBounds).int8Array(p.bucketCounts).null().null().null();
    else if (p.type === "exponential_histogram")
      w.null().int8Array(p.positive.counts).int8Array(p.negative.counts).null().null();
    else if (p.type === "summary")
      w.null()
        .null()
        .null()
        .float8Array(p.quantiles.map((q) => q.quantile))
        .float8Array(p.quantiles.map((q) => q.value));
    else w.null().null().null().null().null();
  }
  return w.finish();
}

function optionalFloat(w: BinaryCopyWriter, value: number | null): void {
  if (value === null) w.null();
  else w.float8(value);
}
