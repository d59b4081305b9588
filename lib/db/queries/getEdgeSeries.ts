import type pg from "pg";
import type { SeriesBucketRow } from "./getServiceSeries";
import { type SummedLatencyColumns, summedHistogramCtes, summedLatency } from "./summedLatencySql";

/**
 * One caller → callee pair's requests, errors and latency histogram per bucket of `stepMs` from `from`, over
 * [from, to), as the caller saw the calls. Metric-derived rows win per minute, as in listEdgeRed. Buckets
 * without data are absent. Reads the (source, destination, minute) index.
 */
export async function getEdgeSeries(
  pool: pg.Pool,
  pair: { source: string; destination: string },
  from: Date,
  to: Date,
  stepMs: number,
): Promise<SeriesBucketRow[]> {
  const result = await pool.query<SummedLatencyColumns & { bucket: number }>(
    `WITH picked AS (
       SELECT floor((extract(epoch FROM e.minute) * 1000 - $3::float8) / $4::float8)::int AS bucket,
              e.origin, e.requests, e.errors, e.latency_sum, e.latency,
              bool_or(e.origin = 'metrics') OVER (PARTITION BY e.minute) AS measured
         FROM telemetry_edge_minutes e
        WHERE e.source = $1 AND e.destination = $2 AND e.minute >= $5 AND e.minute < $6
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
    [pair.source, pair.destination, from.getTime(), stepMs, from, to],
  );
  return result.rows.map((row) => ({ bucket: row.bucket, ...summedLatency(row) }));
}
