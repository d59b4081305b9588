// GET /api/v1/services/{service}/metrics: a service's stored data points as they were received
// (histograms with their buckets), for inspection and for checking what an exporter sent.

import type pg from "pg";
import { listMetricPoints, type StoredMetricPoint } from "@/lib/db/queries/listMetricPoints";
import type { MetricPointsQuery } from "./schemas";

const TYPES = ["", "gauge", "sum", "histogram", "exponential_histogram", "summary"] as const;
const TEMPORALITIES = ["unspecified", "delta", "cumulative"] as const;

export interface MetricPointView {
  name: string;
  type: string;
  unit: string;
  description: string;
  startTimeUnixNano: string;
  timeUnixNano: string;
  temporality: string | null;
  monotonic: boolean | null;
  value: number | null;
  count: number | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  /** Explicit histograms. */
  explicitBounds: number[] | null;
  bucketCounts: number[] | null;
  /** Exponential histograms. */
  exponential: {
    scale: number;
    zeroCount: number;
    zeroThreshold: number;
    positive: { offset: number; bucketCounts: number[] };
    negative: { offset: number; bucketCounts: number[] };
  } | null;
  quantiles: Array<{ quantile: number; value: number }> | null;
  flags: number;
  attributes: StoredMetricPoint["attributes"];
  resource: StoredMetricPoint["resource"];
  scope: { name: string; version: string };
}

export async function listServiceMetricPoints(
  pool: pg.Pool,
  service: string,
  query: MetricPointsQuery,
): Promise<{ service: string; points: MetricPointView[] }> {
  const rows = await listMetricPoints(
    pool,
    service,
    query.name,
    BigInt(query.range.fromMs) * 1_000_000n,
    BigInt(query.range.toMs) * 1_000_000n,
    query.limit,
  );
  return { service, points: rows.map(toView) };
}

function toView(p: StoredMetricPoint): MetricPointView {
  const type = TYPES[p.type] ?? "unknown";
  const exponential = type === "exponential_histogram";
  return {
    name: p.metricName,
    type,
    unit: p.unit,
    description: p.description,
    startTimeUnixNano: p.startNs.toString(),
    timeUnixNano: p.timeNs.toString(),
    temporality: p.temporality === null ? null : (TEMPORALITIES[p.temporality] ?? "unspecified"),
    monotonic: p.monotonic,
    value: p.value,
    count: p.count,
    sum: p.sum,
    min: p.min,
    max: p.max,
    explicitBounds: exponential ? null : p.bounds,
    bucketCounts: exponential ? null : p.bucketCounts,
    exponential: exponential
      ? {
          scale: p.scale ?? 0,
          zeroCount: p.zeroCount ?? 0,
          zeroThreshold: p.zeroThreshold ?? 0,
          positive: { offset: p.positiveOffset ?? 0, bucketCounts: p.bucketCounts ?? [] },
          negative: { offset: p.negativeOffset ?? 0, bucketCounts: p.negativeCounts ?? [] },
        }
      : null,
    quantiles:
      p.quantiles === null
        ? null
        : p.quantiles.map((quantile, i) => ({ quantile, value: p.quantileValues?.[i] ?? 0 })),
    flags: p.flags,
    attributes: p.attributes,
    resource: p.resource,
    scope: { name: p.scopeName, version: p.scopeVersion },
  };
}
