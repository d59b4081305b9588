import type { BucketStatements } from "./replaceBuckets";
import { summedHistogramCtes } from "./summedLatencySql";

/**
 * Rows of the finest level, from minute rows: per bucket and pair, the rows the topology query would choose
 * (a span row only when no metric row has the same minute, caller and callee). $1 = width, $2 = bucket starts.
 */
const FROM_MINUTES = `chosen AS MATERIALIZED (
       SELECT t.bucket, e.source, e.destination, e.destination_kind = 'service' AS callee_is_service,
              e.origin = 'metrics' AS from_metrics, e.origin = 'spans' AS from_spans,
              e.requests, e.errors, e.latency_sum, e.latency
         FROM unnest($2::timestamptz[]) AS t(bucket)
         JOIN telemetry_edge_minutes e
           ON e.minute >= t.bucket AND e.minute < t.bucket + make_interval(mins => $1::int)
        WHERE e.origin = 'metrics' OR NOT EXISTS (
                SELECT 1 FROM telemetry_edge_minutes m
                 WHERE m.minute = e.minute AND m.source = e.source AND m.destination = e.destination
                   AND m.origin = 'metrics')
     )`;

/** Rows of a coarser level, from the rows of the level below it ($3 = its width). */
const FROM_FINER = `chosen AS MATERIALIZED (
       SELECT t.bucket, b.source, b.destination, b.callee_is_service, b.from_metrics, b.from_spans,
              b.requests, b.errors, b.latency_sum, b.latency
         FROM unnest($2::timestamptz[]) AS t(bucket)
         JOIN telemetry_edge_buckets b
           ON b.width = $3::int AND b.bucket >= t.bucket AND b.bucket < t.bucket + make_interval(mins => $1::int)
     )`;

function insertSql(chosen: string): string {
  return `WITH ${chosen}, totals AS MATERIALIZED (
       SELECT bucket, source, destination, row_number() OVER ()::int AS pair,
              bool_or(callee_is_service) AS callee_is_service,
              bool_or(from_metrics) AS from_metrics, bool_or(from_spans) AS from_spans,
              sum(requests)::bigint AS requests, sum(errors)::bigint AS errors, sum(latency_sum) AS latency_sum
         FROM chosen GROUP BY bucket, source, destination
     ), numbered AS (
       SELECT t.pair, c.latency FROM chosen c JOIN totals t USING (bucket, source, destination)
     ), ${summedHistogramCtes("pair", "numbered")}
     INSERT INTO telemetry_edge_buckets (bucket, width, source, destination, callee_is_service, from_metrics,
                                         from_spans, requests, errors, latency_sum, latency)
     SELECT t.bucket, $1::smallint, t.source, t.destination, t.callee_is_service, t.from_metrics, t.from_spans,
            t.requests, t.errors, t.latency_sum, telemetry_counts_from_slots(h.slots, h.counts)
       FROM totals t LEFT JOIN histograms h USING (pair)`;
}

/** The statements that compute the edge buckets (replaceBuckets). */
export const EDGE_BUCKETS: BucketStatements = {
  table: "telemetry_edge_buckets",
  fromMinutes: insertSql(FROM_MINUTES),
  fromFiner: insertSql(FROM_FINER),
};
