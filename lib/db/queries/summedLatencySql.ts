// The part every RED rollup query shares: rows chosen per minute (metrics preferred over spans), summed per
// group with their latency histograms. A rollup row stores only its occupied slots ('[40:43]={1,0,5,2}');
// summing them per group and slot with generate_subscripts, then folding the slots into two parallel arrays,
// is much cheaper than adding whole arrays row by row.

import { sumCountsLiterals } from "@/lib/telemetry/rollup/histogram-sql";

/** The group column a query sums by: a small integer it numbers its groups with, a name, or a time bucket. */
export type SummedGroupKey = "pair" | "service" | "bucket";

/**
 * CTEs `slots` and `histograms` over a CTE (`chosen` unless named; with `latency bigint[]` and the group
 * column): `histograms` has per group `slots` (occupied slot numbers, ascending) and `counts` (their summed
 * counts). Key and source are from fixed sets of identifiers, never input.
 */
export function summedHistogramCtes(key: SummedGroupKey, source: "chosen" | "numbered" = "chosen"): string {
  return `slots AS (
       SELECT ${key}, s AS slot, sum(latency[s]::float8) AS n
         FROM ${source}, generate_subscripts(latency, 1) AS s
        GROUP BY ${key}, s
     ), histograms AS (
       SELECT ${key}, array_agg(slot ORDER BY slot) AS slots, array_agg(n ORDER BY slot) AS counts
         FROM slots WHERE n > 0 GROUP BY ${key}
     )`;
}

/** What a summed row carries besides its group: totals and the histogram as the query returns them. */
export interface SummedLatencyColumns {
  requests: number;
  errors: number;
  latency_sum: number;
  slots: number[] | null;
  counts: number[] | null;
}

export interface SummedLatency {
  requests: number;
  errors: number;
  latencySumSeconds: number;
  /** Summed latency histogram: occupied slot numbers and their counts. */
  slots: number[];
  counts: number[];
}

/**
 * A group's latency arrays as one text, for the caller to sum (sumCountsLiterals): cheaper than summing
 * them in SQL when a group has many rows. Used in place of summedHistogramCtes' `histograms`.
 */
export const JOINED_LATENCY = "string_agg(latency::text, ';') AS latency_texts";

/** Totals and the group's latency arrays as JOINED_LATENCY returns them. */
export interface JoinedLatencyColumns {
  requests: number;
  errors: number;
  latency_sum: number;
  latency_texts: string | null;
}

export function joinedLatency(row: JoinedLatencyColumns): SummedLatency {
  return {
    requests: row.requests,
    errors: row.errors,
    latencySumSeconds: row.latency_sum,
    ...sumCountsLiterals(row.latency_texts ?? ""),
  };
}

export function summedLatency(row: SummedLatencyColumns): SummedLatency {
  return {
    requests: row.requests,
    errors: row.errors,
    latencySumSeconds: row.latency_sum,
    slots: row.slots ?? [],
    counts: row.counts ?? [],
  };
}
