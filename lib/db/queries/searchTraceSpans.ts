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
 * A failed span. Written exactly as the predicate of the partial index telemetry_spans_failed_start_idx
 * (migration 20261122100000_trace_search_indexes), so that the planner can prove the index applies.
 */
export const FAILED_SPAN_SQL =
  "(status_code = 2 OR (kind IN (2, 3) AND coalesce(http_status_code, 0) >= 500))";

/** The partial index telemetry_spans_slow_start_idx holds the spans at least this long (1 s). */
export const SLOW_SPAN_NS = 1_000_000_000n;

/**
 * The newest spans matching every filter, started in [fromNs, beforeNs), newest first. Only the filters
 * that are set become predicates, so that the planner can pick an index by them: (service, start) when a
 * service is given, the partial indexes of failed or slow spans for `status=error` / a long minimum
 * duration, the GIN index on attributes for a rare attribute value, else the start index read backwards
 * until `limit` rows match.
 */
export async function searchTraceSpans(
  pool: pg.Pool,
  filter: TraceSearchFilter,
  beforeNs: bigint,
  limit: number,
): Promise<MatchingSpan[]> {
  const query = traceSearchQuery(filter, beforeNs, limit);
  const result = await pool.query<{ trace_id: string; start_ns: string }>(query.text, query.values);
  return result.rows.map((row) => ({ traceId: row.trace_id, startNs: BigInt(row.start_ns) }));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * JSON objects `{key: v}` such that every attribute map whose `key` reads as the text `value` (`->>`)
 * contains one of them: the string itself, and when the text is also a JSON number, boolean, array or
 * object, that value written as given (so that PostgreSQL compares numbers exactly: 12345678901234567891
 * would lose digits as a JavaScript number).
 */
export function attributeContainments(key: string, value: string): string[] {
  // jsonb refuses NUL and unpaired surrogates (ingest stored U+FFFD instead): the text comparison alone
  // then decides, as it did before the index.
  if (`${key}${value}`.includes("\u0000") || LONE_SURROGATE.test(`${key}${value}`)) return [];
  const candidates = [JSON.stringify({ [key]: value })];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return candidates;
  }
  if (typeof parsed !== "string" && parsed !== null) candidates.push(`{${JSON.stringify(key)}:${value}}`);
  return candidates;
}

/** The parameterised SQL of searchTraceSpans (every value is a parameter; only the shape varies). */
export function traceSearchQuery(
  filter: TraceSearchFilter,
  beforeNs: bigint,
  limit: number,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const toNs = beforeNs < filter.toNs ? beforeNs : filter.toNs;
  const where = [`start_ns >= ${param(filter.fromNs.toString())}`, `start_ns < ${param(toNs.toString())}`];
  if (filter.service !== null) where.push(`service = ${param(filter.service)}`);
  if (filter.operation !== null) where.push(`operation = ${param(filter.operation)}`);
  if (filter.minDurationNs !== null) {
    where.push(`duration_ns >= ${param(filter.minDurationNs.toString())}::bigint`);
    // Restated as a literal so that the planner can match the slow spans' partial index.
    if (filter.minDurationNs >= SLOW_SPAN_NS) where.push(`duration_ns >= ${SLOW_SPAN_NS}`);
  }
  if (filter.maxDurationNs !== null)
    where.push(`duration_ns <= ${param(filter.maxDurationNs.toString())}::bigint`);
  if (filter.status === "error") where.push(FAILED_SPAN_SQL);
  if (filter.status === "ok") where.push(`NOT ${FAILED_SPAN_SQL}`);
  for (const [key, value] of filter.attributes) {
    // Containment can use the GIN index on attributes; the text comparison then keeps the exact meaning.
    const containments = attributeContainments(key, value);
    if (containments.length > 0) where.push(`attributes @> ANY (${param(containments)}::jsonb[])`);
    where.push(`(attributes ->> ${param(key)}) = ${param(value)}`);
  }
  return {
    text: `SELECT encode(trace_id, 'hex') AS trace_id, start_ns
       FROM telemetry_spans
      WHERE ${where.join("\n        AND ")}
      ORDER BY start_ns DESC
      LIMIT ${param(limit)}`,
    values,
  };
}
