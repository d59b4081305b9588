import type pg from "pg";

export interface TraceSummaryRow {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startNs: bigint;
  endNs: bigint;
  spanCount: number;
  errorCount: number;
  services: string[];
}

/**
 * One summary per trace: its root span (the span without a parent, else the earliest), first start, last
 * end, distinct spans, failed spans and services. Only spans started in [fromNs, toNs] are read. Each
 * trace is aggregated on its own (a lateral subquery per id): its spans come from the trace-id index and
 * sort in memory, where one grouped sort over every trace's spans spills to disk for large traces.
 */
export async function getTraceSummaries(
  pool: pg.Pool,
  traceIds: readonly string[],
  fromNs: bigint,
  toNs: bigint,
): Promise<TraceSummaryRow[]> {
  if (traceIds.length === 0) return [];
  const result = await pool.query<{
    trace_id: string;
    root_service: string;
    root_operation: string;
    start_ns: string;
    end_ns: string;
    span_count: number;
    error_count: number;
    services: string[];
  }>(
    `SELECT ids.hex AS trace_id, s.*
       FROM unnest($1::text[]) AS ids(hex)
      CROSS JOIN LATERAL (
        SELECT (array_agg(service ORDER BY parent_span_id IS NOT NULL, start_ns))[1] AS root_service,
               (array_agg(operation ORDER BY parent_span_id IS NOT NULL, start_ns))[1] AS root_operation,
               min(start_ns) AS start_ns, max(start_ns + duration_ns) AS end_ns,
               count(DISTINCT span_id)::int AS span_count,
               count(DISTINCT span_id) FILTER (
                 WHERE status_code = 2 OR (kind IN (2, 3) AND coalesce(http_status_code, 0) >= 500))::int AS error_count,
               array_agg(DISTINCT service ORDER BY service) AS services
          FROM telemetry_spans
         WHERE trace_id = decode(ids.hex, 'hex') AND start_ns BETWEEN $2 AND $3
      ) AS s
      WHERE s.span_count > 0`,
    [traceIds, fromNs.toString(), toNs.toString()],
  );
  return result.rows.map((row) => ({
    traceId: row.trace_id,
    rootService: row.root_service,
    rootOperation: row.root_operation,
    startNs: BigInt(row.start_ns),
    endNs: BigInt(row.end_ns),
    spanCount: row.span_count,
    errorCount: row.error_count,
    services: row.services,
  }));
}
