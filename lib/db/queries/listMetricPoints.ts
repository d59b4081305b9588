import type pg from "pg";
import type { AttributeMap } from "@/lib/telemetry/rows";

export interface StoredMetricPoint {
  metricName: string;
  type: number;
  unit: string;
  description: string;
  startNs: bigint;
  timeNs: bigint;
  temporality: number | null;
  monotonic: boolean | null;
  value: number | null;
  count: number | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  bounds: number[] | null;
  bucketCounts: number[] | null;
  scale: number | null;
  zeroCount: number | null;
  zeroThreshold: number | null;
  positiveOffset: number | null;
  negativeOffset: number | null;
  negativeCounts: number[] | null;
  quantiles: number[] | null;
  quantileValues: number[] | null;
  flags: number;
  attributes: AttributeMap;
  resource: AttributeMap;
  scopeName: string;
  scopeVersion: string;
}

/** One service's data points with times in [fromNs, toNs), optionally of one metric, oldest first. */
export async function listMetricPoints(
  pool: pg.Pool,
  service: string,
  metricName: string | null,
  fromNs: bigint,
  toNs: bigint,
  limit: number,
): Promise<StoredMetricPoint[]> {
  const result = await pool.query<Record<string, unknown>>(
    `SELECT p.metric_name, p.type, p.unit, p.description, p.start_ns, p.time_ns, p.temporality, p.monotonic,
            p.value, p.count::float8 AS count, p.sum, p.min, p.max, p.bounds, p.bucket_counts::float8[] AS bucket_counts,
            p.scale, p.zero_count::float8 AS zero_count, p.zero_threshold, p.positive_offset, p.negative_offset,
            p.negative_counts::float8[] AS negative_counts, p.quantiles, p.quantile_values, p.flags,
            p.attributes, r.attributes AS resource, p.scope_name, p.scope_version
       FROM telemetry_metric_points p LEFT JOIN telemetry_resources r ON r.id = p.resource_id
      WHERE p.service = $1 AND ($2::text IS NULL OR p.metric_name = $2)
        AND p.time_ns >= $3 AND p.time_ns < $4
      ORDER BY p.time_ns, p.metric_name
      LIMIT $5`,
    [service, metricName, fromNs.toString(), toNs.toString(), limit],
  );
  return result.rows.map((row) => ({
    metricName: row.metric_name as string,
    type: row.type as number,
    unit: row.unit as string,
    description: (row.description as string | null) ?? "",
    startNs: BigInt(row.start_ns as string),
    timeNs: BigInt(row.time_ns as string),
    temporality: row.temporality as number | null,
    monotonic: row.monotonic as boolean | null,
    value: row.value as number | null,
    count: row.count as number | null,
    sum: row.sum as number | null,
    min: row.min as number | null,
    max: row.max as number | null,
    bounds: row.bounds as number[] | null,
    bucketCounts: row.bucket_counts as number[] | null,
    scale: row.scale as number | null,
    zeroCount: row.zero_count as number | null,
    zeroThreshold: row.zero_threshold as number | null,
    positiveOffset: row.positive_offset as number | null,
    negativeOffset: row.negative_offset as number | null,
    negativeCounts: row.negative_counts as number[] | null,
    quantiles: row.quantiles as number[] | null,
    quantileValues: row.quantile_values as number[] | null,
    flags: row.flags as number,
    attributes: row.attributes as AttributeMap,
    resource: (row.resource as AttributeMap | null) ?? {},
    scopeName: (row.scope_name as string | null) ?? "",
    scopeVersion: (row.scope_version as string | null) ?? "",
  }));
}
