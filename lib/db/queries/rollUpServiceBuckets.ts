import type pg from "pg";
import type { LevelWidth } from "@/lib/telemetry/rollup/levels";
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

const INSERT_FROM_MINUTES = insertSql(FROM_MINUTES);
const INSERT_FROM_FINER = insertSql(FROM_FINER);

/**
 * Computes again the service buckets of `width` starting at `startsMs` (their old rows are replaced), from
 * the minute rows (`finer` null) or from the buckets of width `finer`, which must be up to date.
 */
export async function rollUpServiceBuckets(
  client: pg.ClientBase,
  width: LevelWidth,
  startsMs: readonly number[],
  finer: LevelWidth | null,
): Promise<void> {
  if (startsMs.length === 0) return;
  const starts = startsMs.map((ms) => new Date(ms));
  await client.query(
    "DELETE FROM telemetry_service_buckets WHERE width = $1 AND bucket = ANY($2::timestamptz[])",
    [width, starts],
  );
  // One statement per bucket: the hash aggregate of one bucket's slots stays in memory (a statement for a
  // 6-hour batch of 10-minute buckets took 2.6 times as long).
  for (const start of starts) {
    if (finer === null) await client.query(INSERT_FROM_MINUTES, [width, [start]]);
    else await client.query(INSERT_FROM_FINER, [width, [start], finer]);
  }
}
