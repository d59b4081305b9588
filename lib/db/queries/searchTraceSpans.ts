import type pg from "pg";

export interface TraceSearchFilter {
  fromNs: bigint;
  toNs: bigint;
  service: string | null;
  operation: string | null;
  minDurationNs: bigint | null;
  maxDurationNs: bigint | null;
  /** "error": the span failed (status ERROR, or HTTP 5xx on a SERVER/CLIENT span); "ok": it did not. */
  status: "error" | "ok" | null;
  /** Span attributes that must equal these values (compared as text: 500, true and "x" alike). */
  attributes: ReadonlyArray<readonly [string, string]>;
}

export interface MatchingSpan {
  traceId: string;
  startNs: bigint;
}

/**
 * The newest spans matching every filter, started in [fromNs, beforeNs), newest first. Uses the
 * (service, start) index when a service is given, else the BRIN index on start.
 */
export async function searchTraceSpans(
  pool: pg.Pool,
  filter: TraceSearchFilter,
  beforeNs: bigint,
  limit: number,
): Promise<MatchingSpan[]> {
  const result = await pool.query<{ trace_id: string; start_ns: string }>(
    `SELECT encode(trace_id, 'hex') AS trace_id, start_ns
       FROM telemetry_spans
      WHERE start_ns >= $1 AND start_ns < $2
        AND ($3::text IS NULL OR service = $3)
        AND ($4::text IS NULL OR operation = $4)
        AND ($5::bigint IS NULL OR duration_ns >= $5)
        AND ($6::bigint IS NULL OR duration_ns <= $6)
        AND ($7::text IS NULL
             OR ($7 = 'error') = (status_code = 2 OR (kind IN (2, 3) AND coalesce(http_status_code, 0) >= 500)))
        AND NOT EXISTS (SELECT 1 FROM unnest($8::text[], $9::text[]) AS f(key, value)
                         WHERE (attributes ->> f.key) IS DISTINCT FROM f.value)
      ORDER BY start_ns DESC
      LIMIT $10`,
    [
      filter.fromNs.toString(),
      (beforeNs < filter.toNs ? beforeNs : filter.toNs).toString(),
      filter.service,
      filter.operation,
      filter.minDurationNs?.toString() ?? null,
      filter.maxDurationNs?.toString() ?? null,
      filter.status,
      filter.attributes.map(([key]) => key),
      filter.attributes.map(([, value]) => value),
      limit,
    ],
  );
  return result.rows.map((row) => ({ traceId: row.trace_id, startNs: BigInt(row.start_ns) }));
}
