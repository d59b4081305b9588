import type pg from "pg";
import type { RangePlan } from "@/lib/telemetry/rollup/range-plan";
import { rangePlanParams } from "./rangePlanParams";
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
 * Minute rows in the ranges [$1[i], $2[i]) and bucket rows of width $3[i] starting at $4[i]
 * (rangePlanParams). Of minute rows, a span row counts only when no metric row has the same service and
 * minute: an anti-join on the (service, minute) index, cheaper than a window over every row sorted by
 * service and minute. Bucket rows hold that choice already. Services are numbered once their totals are
 * known, so that the histogram slots are grouped by a small integer, not a text.
 */
export const LIST_SERVICE_RED_SQL = `WITH chosen AS MATERIALIZED (
       SELECT m.service, m.requests, m.errors, m.latency_sum, m.latency
         FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(lo, hi)
         JOIN telemetry_service_minutes m ON m.minute >= r.lo AND m.minute < r.hi
        WHERE m.origin = 'metrics' OR NOT EXISTS (
                SELECT 1 FROM telemetry_service_minutes x
                 WHERE x.service = m.service AND x.minute = m.minute AND x.origin = 'metrics')
       UNION ALL
       SELECT b.service, b.requests, b.errors, b.latency_sum, b.latency
         FROM unnest($3::smallint[], $4::timestamptz[]) AS k(width, bucket)
         JOIN telemetry_service_buckets b ON b.width = k.width AND b.bucket = k.bucket
     ), totals AS MATERIALIZED (
       SELECT service, row_number() OVER ()::int AS pair, sum(requests::float8) AS requests,
              sum(errors::float8) AS errors, sum(latency_sum) AS latency_sum
         FROM chosen GROUP BY service
     ), numbered AS (
       SELECT t.pair, c.latency FROM chosen c JOIN totals t USING (service)
     ), ${summedHistogramCtes("pair", "numbered")}
     SELECT t.service, t.requests, t.errors, t.latency_sum, h.slots, h.counts
       FROM totals t LEFT JOIN histograms h USING (pair)
      ORDER BY t.service`;

/**
 * Requests, errors and the summed latency histogram of every service with rows in the planned range
 * (range-plan.ts). For each service and minute, metric-derived rows (unsampled) are used when there are
 * any, else span-derived ones.
 */
export async function listServiceRed(pool: pg.Pool, plan: RangePlan): Promise<RedRow[]> {
  const result = await pool.query<SummedLatencyColumns & { service: string }>(
    LIST_SERVICE_RED_SQL,
    rangePlanParams(plan),
  );
  return result.rows.map((row) => ({ service: row.service, ...summedLatency(row) }));
}
