import type pg from "pg";

export interface RedRow {
  service: string;
  requests: number;
  errors: number;
  latencySumSeconds: number;
  /** Summed latency histogram: occupied slot numbers and their counts. */
  slots: number[];
  counts: number[];
}

/**
 * Requests, errors and the summed latency histogram of every service with rollups in [from, to). For each
 * service and minute, metric-derived rows (unsampled) are used when there are any, else span-derived ones.
 */
export async function listServiceRed(pool: pg.Pool, from: Date, to: Date): Promise<RedRow[]> {
  const result = await pool.query<{
    service: string;
    requests: number;
    errors: number;
    latency_sum: number;
    slots: number[] | null;
    counts: number[] | null;
  }>(
    `WITH picked AS (
       SELECT m.service, m.origin, m.requests, m.errors, m.latency_sum, m.latency,
              bool_or(m.origin = 'metrics') OVER (PARTITION BY m.service, m.minute) AS measured
         FROM telemetry_service_minutes m
        WHERE m.minute >= $1 AND m.minute < $2
     ), chosen AS (
       -- A small integer per service: grouping the histogram slots by it is cheaper than by text.
       SELECT *, dense_rank() OVER (ORDER BY service)::int AS id
         FROM picked WHERE origin = 'metrics' OR NOT measured
     ), totals AS (
       SELECT id, min(service) AS service, sum(requests::float8) AS requests, sum(errors::float8) AS errors,
              sum(latency_sum) AS latency_sum
         FROM chosen GROUP BY id
     ), slots AS (
       SELECT id, s AS slot, sum(latency[s]::float8) AS n
         FROM chosen, generate_subscripts(latency, 1) AS s
        GROUP BY id, s
     ), histograms AS (
       SELECT id, array_agg(slot ORDER BY slot) AS slots, array_agg(n ORDER BY slot) AS counts
         FROM slots WHERE n > 0 GROUP BY id
     )
     SELECT t.service, t.requests, t.errors, t.latency_sum, h.slots, h.counts
       FROM totals t LEFT JOIN histograms h USING (id)
      ORDER BY t.service`,
    [from, to],
  );
  return result.rows.map((row) => ({
    service: row.service,
    requests: row.requests,
    errors: row.errors,
    latencySumSeconds: row.latency_sum,
    slots: row.slots ?? [],
    counts: row.counts ?? [],
  }));
}
