import type { BucketStatements } from "./replaceBuckets";
import { summedHistogramCtes } from "./summedLatencySql";

/**
 * Rows of the finest level, from minute rows: per bucket and service, the rows the service query would
 * choose (span rows only in minutes without a metric row for the service). $1 = width, $2 = bucket starts.
 */
const FROM_MINUTES = `chosen AS MATERIALIZED (
       SELECT t.bucket, m.service, m.requests, m.errors, m.latency_sum, m.latency
         FROM unnest($2::timestamptz[]) AS t(bucket)
         JOIN telemetry_service_minutes m
           ON m.minute >= t.bucket AND m.minute < t.bucket + make_interval(mins => $1::int)
        WHERE m.origin = 'metrics' OR NOT EXISTS (
                SELECT 1 FROM telemetry_service_minutes x
                 WHERE x.service = m.service AND x.minute = m.minute AND x.origin = 'metrics')
     )`;

/** Rows of a coarser level, from the rows of the level below it ($3 = its width). */
const FROM_FINER = `chosen AS MATERIALIZED (
       SELECT t.bucket, b.service, b.requests, b.errors, b.latency_sum, b.latency
         FROM unnest($2::timestamptz[]) AS t(bucket)
         JOIN telemetry_service_buckets b
           ON b.width = $3::int AND b.bucket >= t.bucket AND b.bucket < t.bucket + make_interval(mins => $1::int)
     )`;

function insertSql(chosen: string): string {
  return `WITH ${chosen}, totals AS MATERIALIZED (
       SELECT bucket, service, row_number() OVER ()::int AS pair,
              sum(requests)::bigint AS requests, sum(errors)::bigint AS errors, sum(latency_sum) AS latency_sum
         FROM chosen GROUP BY bucket, service
     ), numbered AS (
       SELECT t.pair, c.latency FROM chosen c JOIN totals t USING (bucket, service)
     ), ${summedHistogramCtes("pair", "numbered")}
     INSERT INTO telemetry_service_buckets (bucket, width, service, requests, errors, latency_sum, latency)
     SELECT t.bucket, $1::smallint, t.service, t.requests, t.errors, t.latency_sum,
            telemetry_counts_from_slots(h.slots, h.counts)
       FROM totals t LEFT JOIN histograms h USING (pair)`;
}

/** The statements that compute the service buckets (replaceBuckets). */
export const SERVICE_BUCKETS: BucketStatements = {
  table: "telemetry_service_buckets",
  fromMinutes: insertSql(FROM_MINUTES),
  fromFiner: insertSql(FROM_FINER),
};
