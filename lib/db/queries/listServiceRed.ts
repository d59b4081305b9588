import type pg from "pg";
import {
  type SummedLatency,
  type SummedLatencyColumns,
  summedHistogramCtes,
  summedLatency,
} from "./summedLatencySql";

export interface RedRow extends SummedLatency {
  service: string;
}

/**
 * A span row counts only when no metric row has the same service and minute: an anti-join on the
 * (service, minute) index, cheaper than a window over every row sorted by service and minute.
 */
export const LIST_SERVICE_RED_SQL = `WITH chosen AS MATERIALIZED (
       SELECT m.service, m.requests, m.errors, m.latency_sum, m.latency
         FROM telemetry_service_minutes m
        WHERE m.minute >= $1 AND m.minute < $2
          AND (m.origin = 'metrics' OR NOT EXISTS (
                SELECT 1 FROM telemetry_service_minutes x
                 WHERE x.service = m.service AND x.minute = m.minute AND x.origin = 'metrics'))
     ), totals AS (
       SELECT service, sum(requests::float8) AS requests, sum(errors::float8) AS errors,
              sum(latency_sum) AS latency_sum
         FROM chosen GROUP BY service
     ), ${summedHistogramCtes("service")}
     SELECT t.service, t.requests, t.errors, t.latency_sum, h.slots, h.counts
       FROM totals t LEFT JOIN histograms h USING (service)
      ORDER BY t.service`;

/**
 * Requests, errors and the summed latency histogram of every service with rollups in [from, to). For each
 * service and minute, metric-derived rows (unsampled) are used when there are any, else span-derived ones.
 */
export async function listServiceRed(pool: pg.Pool, from: Date, to: Date): Promise<RedRow[]> {
  const result = await pool.query<SummedLatencyColumns & { service: string }>(LIST_SERVICE_RED_SQL, [
    from,
    to,
  ]);
  return result.rows.map((row) => ({ service: row.service, ...summedLatency(row) }));
}
