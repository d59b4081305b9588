import type pg from "pg";
import type { RangePlan } from "@/lib/telemetry/rollup/range-plan";
import { rangePlanParams } from "./rangePlanParams";
import {
  JOINED_LATENCY,
  type JoinedLatencyColumns,
  joinedLatency,
  type SummedLatency,
} from "./summedLatencySql";

export interface EdgeRedRow extends SummedLatency {
  source: string;
  destination: string;
  /** True when some row said the callee reports telemetry itself (else it is only named by callers). */
  calleeIsService: boolean;
  /** Which rollups the figures come from: "metrics", "spans" or both (different minutes). */
  origins: string[];
}

/**
 * One part of the callers ($1 parts, this is part $2, by a hash of the caller's name) over a range plan:
 * minute rows in the ranges [$3[i], $4[i]) and bucket rows of width $5[i] starting at $6[i]
 * (rangePlanParams). Of minute rows, a span row counts only when no metric row has the same minute, caller
 * and callee: an anti-join on the primary key, cheaper than a window over every row sorted by pair and
 * minute. Bucket rows hold that choice already. Each pair's latency arrays come back joined, summed by the
 * caller (JOINED_LATENCY).
 */
export const LIST_EDGE_RED_SQL = `WITH chosen AS (
       SELECT e.source, e.destination, e.origin = 'metrics' AS from_metrics, e.origin = 'spans' AS from_spans,
              e.destination_kind = 'service' AS callee_is_service, e.requests, e.errors, e.latency_sum, e.latency
         FROM unnest($3::timestamptz[], $4::timestamptz[]) AS r(lo, hi)
         JOIN telemetry_edge_minutes e ON e.minute >= r.lo AND e.minute < r.hi
        WHERE (hashtext(e.source) & 2147483647) % $1::int = $2::int
          AND (e.origin = 'metrics' OR NOT EXISTS (
                SELECT 1 FROM telemetry_edge_minutes m
                 WHERE m.minute = e.minute AND m.source = e.source AND m.destination = e.destination
                   AND m.origin = 'metrics'))
       UNION ALL
       SELECT b.source, b.destination, b.from_metrics, b.from_spans, b.callee_is_service, b.requests, b.errors,
              b.latency_sum, b.latency
         FROM unnest($5::smallint[], $6::timestamptz[]) AS k(width, bucket)
         JOIN telemetry_edge_buckets b ON b.width = k.width AND b.bucket = k.bucket
        WHERE (hashtext(b.source) & 2147483647) % $1::int = $2::int
     )
     SELECT source, destination, bool_or(callee_is_service) AS callee_is_service,
            bool_or(from_metrics) AS from_metrics, bool_or(from_spans) AS from_spans,
            sum(requests::float8) AS requests, sum(errors::float8) AS errors, sum(latency_sum) AS latency_sum,
            ${JOINED_LATENCY}
       FROM chosen GROUP BY source, destination
     HAVING sum(requests) > 0`;

/** How many parts the callers are split into, each summed on its own connection (the work is CPU-bound). */
export const EDGE_RED_PARTS = 2;

/**
 * Caller → callee totals and summed latency histograms over the planned rows (range-plan.ts), ordered by
 * caller and callee. For each pair and minute, a metric-derived row wins over a span-derived one. Pairs
 * without requests are left out. The callers are split into `parts` queries run at once, so that PostgreSQL
 * sums them on as many cores.
 */
export async function listEdgeRed(
  pool: pg.Pool,
  plan: RangePlan,
  parts = EDGE_RED_PARTS,
): Promise<EdgeRedRow[]> {
  const range = rangePlanParams(plan);
  const results = await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      pool.query<EdgeRedColumns>(LIST_EDGE_RED_SQL, [parts, part, ...range]),
    ),
  );
  return mergeEdgeParts(results.map((result) => result.rows));
}

export type EdgeRedColumns = JoinedLatencyColumns & {
  source: string;
  destination: string;
  callee_is_service: boolean;
  from_metrics: boolean;
  from_spans: boolean;
};

/** The parts' rows as one list, ordered by caller and callee. */
export function mergeEdgeParts(parts: readonly (readonly EdgeRedColumns[])[]): EdgeRedRow[] {
  const rows = parts.flat().map((row) => ({
    source: row.source,
    destination: row.destination,
    calleeIsService: row.callee_is_service,
    origins: [...(row.from_metrics ? ["metrics"] : []), ...(row.from_spans ? ["spans"] : [])],
    ...joinedLatency(row),
  }));
  return rows.sort((a, b) => compare(a.source, b.source) || compare(a.destination, b.destination));
}

/** Code-point order (the order the topology sorts node names in), whatever the database's collation. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
