// Rate, errors and duration figures as the query API reports them, from summed rollups.

import { histogramFromSlots } from "../rollup/histogram-sql";
import { type LatencyHistogram, latencyQuantiles } from "../rollup/latency-histogram";

export interface LatencyMs {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export interface RedFigures {
  requests: number;
  /** Requests per second over the range. */
  rate: number;
  errors: number;
  /** Errors / requests, 0..1; null without requests. */
  errorRate: number | null;
  /** Latency quantiles in milliseconds (within 4.33% of the true value; docs/telemetry-metrics.md). */
  latencyMs: LatencyMs;
}

export interface SummedRed {
  requests: number;
  errors: number;
  latencySumSeconds: number;
  slots: number[];
  counts: number[];
}

export function histogramOf(row: SummedRed): LatencyHistogram {
  return histogramFromSlots(row.slots, row.counts, row.latencySumSeconds);
}

export function redFigures(
  requests: number,
  errors: number,
  latency: LatencyHistogram,
  seconds: number,
): RedFigures {
  const q = latencyQuantiles(latency);
  const ms = (value: number | null) => (value === null ? null : round(value * 1000, 4));
  return {
    requests,
    rate: round(requests / Math.max(seconds, 1), 6),
    errors,
    errorRate: requests > 0 ? round(Math.min(1, Math.max(0, errors / requests)), 6) : null,
    latencyMs: { p50: ms(q.p50), p90: ms(q.p90), p99: ms(q.p99) },
  };
}

/** Seconds a rate is computed over: the minute-aligned range, not counting minutes that have not happened. */
export function rateSeconds(window: { fromMs: number; toMs: number }, nowMs: number): number {
  return Math.max(60, (Math.min(window.toMs, nowMs) - window.fromMs) / 1000);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
