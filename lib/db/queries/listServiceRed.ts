import type pg from "pg";
import type { RangePlan } from "@/lib/telemetry/rollup/range-plan";
import { rangePlanParams } from "./rangePlanParams";
import {
  JOINED_LATENCY,
  type JoinedLatencyColumns,
  joinedLatency,
  type SummedLatency,
} from "./summedLatencySql";

export interface RedRow extends SummedLatency {
  service: string;
}

/**
 * Minute rows in the ranges [$1[i], $2[i]) and bucket rows of width $3[i] starting at $4[i]
 * (rangePlanParams). Of minute rows, a span row counts only when no metric row has the same service and
 * minute: an anti-join on the (service, minute) index, cheaper than a window over every row sorted by
 * service and minute. Bucket rows hold that choice already. Each service's latency arrays come back
 * joined, summed by the caller (JOINED_LATENCY).
 */
export const LIST_SERVICE_RED_SQL = `WITH chosen AS (
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
     )
     SELECT service, sum(requests::float8) AS requests, sum(errors::float8) AS errors,
            sum(latency_sum) AS latency_sum, ${JOINED_LATENCY}
       FROM chosen GROUP BY service
      ORDER BY service`;

/**
 * Requests, errors and the summed latency histogram of every service with rows in the planned range
 * (range-plan.ts). For each service and minute, metric-derived rows (unsampled) are used when there are
 * any, else span-derived ones.
 */
export async function listServiceRed(pool: pg.Pool, plan: RangePlan): Promise<RedRow[]> {
  const result = await pool.query<JoinedLatencyColumns & { service: string }>(
    LIST_SERVICE_RED_SQL,
    rangePlanParams(plan),
  );
  return result.rows.map((row) => ({ service: row.service, ...joinedLatency(row) }));
}
