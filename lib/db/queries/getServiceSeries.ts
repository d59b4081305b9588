import type pg from "pg";
import {
  type SummedLatency,
  type SummedLatencyColumns,
  summedHistogramCtes,
  summedLatency,
} from "./summedLatencySql";

export interface SeriesFilter {
  service: string;
  route: string | null;
  operation: string | null;
  version: string | null;
}

export interface SeriesBucketRow extends SummedLatency {
  /** Bucket number from the start of the range (0-based). */
  bucket: number;
}

/**
 * One service's requests, errors and latency histogram per bucket of `stepMs` from `from`, over [from, to),
 * optionally for one route, operation or version. Metric-derived rows win per minute, as in listServiceRed.
 * Buckets without data are absent.
 */
export async function getServiceSeries(
  pool: pg.Pool,
  filter: SeriesFilter,
  from: Date,
  to: Date,
  stepMs: number,
): Promise<SeriesBucketRow[]> {
  const result = await pool.query<SummedLatencyColumns & { bucket: number }>(
    `WITH picked AS (
       SELECT floor((extract(epoch FROM m.minute) * 1000 - $5::float8) / $6::float8)::int AS bucket,
              m.origin, m.requests, m.errors, m.latency_sum, m.latency,
              bool_or(m.origin = 'metrics') OVER (PARTITION BY m.minute) AS measured
         FROM telemetry_service_minutes m
        WHERE m.service = $1 AND m.minute >= $7 AND m.minute < $8
          AND ($2::text IS NULL OR m.route = $2)
          AND ($3::text IS NULL OR m.operation = $3)
          AND ($4::text IS NULL OR m.version = $4)
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
    [filter.service, filter.route, filter.operation, filter.version, from.getTime(), stepMs, from, to],
  );
  return result.rows.map((row) => ({ bucket: row.bucket, ...summedLatency(row) }));
}
