import type pg from "pg";
import { copyBinaryIn } from "./copyBinaryIn";

/** The columns in the order lib/telemetry/store/point-copy.ts writes them (a unit test keeps them equal). */
export const COPY_METRIC_POINTS_SQL = `COPY telemetry_metric_points (
  time_ns, start_ns, count, value, sum, min, max, zero_threshold, zero_count, flags, dropped_attributes_count,
  scale, positive_offset, negative_offset, type, temporality, monotonic, resource_id, service, metric_name,
  unit, description, scope_name, scope_version, attributes, bounds, bucket_counts, negative_counts,
  quantiles, quantile_values
) FROM STDIN (FORMAT binary)`;

/** Bulk-writes metric points encoded by encodePoints; returns the row count. */
export function copyMetricPoints(client: pg.ClientBase, data: Buffer): Promise<number> {
  return copyBinaryIn(client, COPY_METRIC_POINTS_SQL, data);
}
