import type pg from "pg";
import {
  type SummedLatency,
  type SummedLatencyColumns,
  summedHistogramCtes,
  summedLatency,
} from "./summedLatencySql";

export interface SeriesBucketRow extends SummedLatency {
  /** Bucket number from the start of the range (0-based). */
  bucket: number;
}

/** Which rows of a minute rollup table make up a series; table and condition are fixed SQL, never input. */
export interface SeriesSource {
  readonly table: "telemetry_service_minutes" | "telemetry_edge_minutes";
  /** Condition on the table's rows (alias `r`), with parameters $1… given in `params`. */
  readonly where: string;
  readonly params: readonly unknown[];
}

/**
 * Requests, errors and the latency histogram per bucket of `stepMs` from `from`, over [from, to), of the rows
 * `source` picks. Metric-derived rows win per minute, as in the list queries. Buckets without data are absent.
 */
export async function bucketedSeries(
  pool: pg.Pool,
  source: SeriesSource,
  from: Date,
  to: Date,
  stepMs: number,
): Promise<SeriesBucketRow[]> {
  const n = source.params.length;
  const result = await pool.query<SummedLatencyColumns & { bucket: number }>(
    `WITH picked AS (
       SELECT floor((extract(epoch FROM r.minute) * 1000 - $${n + 1}::float8) / $${n + 2}::float8)::int AS bucket,
              r.origin, r.requests, r.errors, r.latency_sum, r.latency,
              bool_or(r.origin = 'metrics') OVER (PARTITION BY r.minute) AS measured
         FROM ${source.table} r
        WHERE ${source.where} AND r.minute >= $${n + 3} AND r.minute < $${n + 4}
     ), chosen AS (
       SELECT * FROM picked WHERE origin = 'metrics' OR NOT measured
     ), totals AS (
       SELECT bucket, sum(requests::float8) AS requests, sum(errors::float8) AS errors,
              sum(latency_sum) AS latency_sum
         FROM chosen GROUP BY bucket
     ), ${summedHistogramCtes("bucket")}
     SELECT t.bucket, t.requests, t.errors, t.latency_sum, h.slots, h.counts
       FROM totals t LEFT JOIN histograms h USING (bucket)
      ORDER BY t.bucket`,
    [...source.params, from.getTime(), stepMs, from, to],
  );
  return result.rows.map((row) => ({ bucket: row.bucket, ...summedLatency(row) }));
}
