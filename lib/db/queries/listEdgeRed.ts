import type pg from "pg";

export interface EdgeRedRow {
  source: string;
  destination: string;
  /** True when some row said the callee reports telemetry itself (else it is only named by callers). */
  calleeIsService: boolean;
  /** Which rollups the figures come from: "metrics", "spans" or both (different minutes). */
  origins: string[];
  requests: number;
  errors: number;
  latencySumSeconds: number;
  slots: number[];
  counts: number[];
}

/**
 * Caller → callee totals and summed latency histograms over [from, to). For each pair and minute, a
 * metric-derived row wins over a span-derived one. Pairs without requests are left out.
 */
export async function listEdgeRed(pool: pg.Pool, from: Date, to: Date): Promise<EdgeRedRow[]> {
  const result = await pool.query<{
    source: string;
    destination: string;
    callee_is_service: boolean;
    origins: string[];
    requests: number;
    errors: number;
    latency_sum: number;
    slots: number[] | null;
    counts: number[] | null;
  }>(
    `WITH picked AS (
       SELECT e.*, bool_or(e.origin = 'metrics') OVER (PARTITION BY e.source, e.destination, e.minute) AS measured
         FROM telemetry_edge_minutes e
        WHERE e.minute >= $1 AND e.minute < $2
     ), chosen AS (
       -- A small integer per pair: grouping the histogram slots by it is much cheaper than by two texts.
       SELECT *, dense_rank() OVER (ORDER BY source, destination)::int AS pair
         FROM picked WHERE origin = 'metrics' OR NOT measured
     ), totals AS (
       SELECT pair, min(source) AS source, min(destination) AS destination,
              bool_or(destination_kind = 'service') AS callee_is_service,
              array_agg(DISTINCT origin) AS origins, sum(requests::float8) AS requests,
              sum(errors::float8) AS errors, sum(latency_sum) AS latency_sum
         FROM chosen GROUP BY pair
     ), slots AS (
       SELECT pair, s AS slot, sum(latency[s]::float8) AS n
         FROM chosen, generate_subscripts(latency, 1) AS s
        GROUP BY pair, s
     ), histograms AS (
       SELECT pair, array_agg(slot ORDER BY slot) AS slots, array_agg(n ORDER BY slot) AS counts
         FROM slots WHERE n > 0 GROUP BY pair
     )
     SELECT t.source, t.destination, t.callee_is_service, t.origins, t.requests, t.errors, t.latency_sum,
            h.slots, h.counts
       FROM totals t LEFT JOIN histograms h USING (pair)
      WHERE t.requests > 0
      ORDER BY t.source, t.destination`,
    [from, to],
  );
  return result.rows.map((row) => ({
    source: row.source,
    destination: row.destination,
    calleeIsService: row.callee_is_service,
    origins: row.origins,
    requests: row.requests,
    errors: row.errors,
    latencySumSeconds: row.latency_sum,
    slots: row.slots ?? [],
    counts: row.counts ?? [],
  }));
}
