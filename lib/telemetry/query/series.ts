// GET /api/v1/services/{service}/series: one service's rate, errors and latency per step, for charts.

import type pg from "pg";
import { getServiceSeries } from "@/lib/db/queries/getServiceSeries";
import { emptyHistogram } from "../rollup/latency-histogram";
import { histogramOf, type RedFigures, redFigures } from "./red";
import type { SeriesQuery } from "./schemas";

export interface SeriesPoint extends RedFigures {
  /** Start of the step, RFC 3339. */
  time: string;
}

export interface SeriesResponse {
  service: string;
  from: string;
  to: string;
  stepSeconds: number;
  filter: { route: string | null; operation: string | null; version: string | null };
  points: SeriesPoint[];
}

export async function getSeries(
  pool: pg.Pool,
  service: string,
  query: SeriesQuery,
  nowMs: number,
): Promise<SeriesResponse> {
  const fromMs = Math.floor(query.range.fromMs / 60_000) * 60_000;
  const count = Math.ceil((query.range.toMs - fromMs) / query.stepMs);
  const toMs = fromMs + count * query.stepMs;
  const rows = await getServiceSeries(
    pool,
    { service, route: query.route, operation: query.operation, version: query.version },
    new Date(fromMs),
    new Date(toMs),
    query.stepMs,
  );
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  const points: SeriesPoint[] = [];
  for (let bucket = 0; bucket < count; bucket++) {
    const start = fromMs + bucket * query.stepMs;
    // A step still running counts only the part that has happened, but at least a minute (a rate over
    // a few seconds of one minute's rollup would jump about).
    const seconds = Math.min(query.stepMs, Math.max(60_000, nowMs - start)) / 1000;
    const row = byBucket.get(bucket);
    const figures =
      row === undefined
        ? redFigures(0, 0, emptyHistogram(), seconds)
        : redFigures(row.requests, row.errors, histogramOf(row), seconds);
    points.push({ time: new Date(start).toISOString(), ...figures });
  }
  return {
    service,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    stepSeconds: query.stepMs / 1000,
    filter: { route: query.route, operation: query.operation, version: query.version },
    points,
  };
}
