// GET /api/v1/services/{service}/series: one service's rate, errors and latency per step, for charts.

import type pg from "pg";
import type { SeriesBucketRow } from "@/lib/db/queries/bucketedSeries";
import { getServiceSeries } from "@/lib/db/queries/getServiceSeries";
import { listServiceDimensions, type ServiceDimensions } from "@/lib/db/queries/listServiceDimensions";
import { emptyHistogram } from "../rollup/latency-histogram";
import { histogramOf, type RedFigures, redFigures } from "./red";
import type { SeriesQuery } from "./schemas";
import type { TimeRange } from "./time";

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
  /** With `dimensions=true`: the routes and versions seen in the range, to split the series by. */
  dimensions?: ServiceDimensions;
}

/** How many routes and versions `dimensions` lists at most (the busiest). */
export const MAX_DIMENSION_VALUES = 50;

export async function getSeries(
  pool: pg.Pool,
  service: string,
  query: SeriesQuery,
  nowMs: number,
): Promise<SeriesResponse> {
  const steps = seriesSteps(query.range, query.stepMs);
  const from = new Date(steps.fromMs);
  const to = new Date(steps.toMs);
  const [rows, dimensions] = await Promise.all([
    getServiceSeries(
      pool,
      { service, route: query.route, operation: query.operation, version: query.version },
      from,
      to,
      query.stepMs,
    ),
    query.dimensions ? listServiceDimensions(pool, service, from, to, MAX_DIMENSION_VALUES) : null,
  ]);
  return {
    service,
    from: from.toISOString(),
    to: to.toISOString(),
    stepSeconds: query.stepMs / 1000,
    filter: { route: query.route, operation: query.operation, version: query.version },
    points: seriesPoints(rows, steps, nowMs),
    ...(dimensions === null ? {} : { dimensions }),
  };
}

export interface SeriesSteps {
  /** The range's start rounded down to the minute, and its end rounded up to a whole number of steps. */
  fromMs: number;
  toMs: number;
  stepMs: number;
  count: number;
}

/** The steps a series of `stepMs` over `range` has (rollups are per minute, so it starts on a minute). */
export function seriesSteps(range: TimeRange, stepMs: number): SeriesSteps {
  const fromMs = Math.floor(range.fromMs / 60_000) * 60_000;
  const count = Math.ceil((range.toMs - fromMs) / stepMs);
  return { fromMs, toMs: fromMs + count * stepMs, stepMs, count };
}

/** Every step's figures from the buckets a query returned (absent buckets are steps without requests). */
export function seriesPoints(
  rows: readonly SeriesBucketRow[],
  steps: SeriesSteps,
  nowMs: number,
): SeriesPoint[] {
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  const points: SeriesPoint[] = [];
  for (let bucket = 0; bucket < steps.count; bucket++) {
    const start = steps.fromMs + bucket * steps.stepMs;
    // A step still running counts only the part that has happened, but at least a minute (a rate over
    // a few seconds of one minute's rollup would jump about).
    const seconds = Math.min(steps.stepMs, Math.max(60_000, nowMs - start)) / 1000;
    const row = byBucket.get(bucket);
    const figures =
      row === undefined
        ? redFigures(0, 0, emptyHistogram(), seconds)
        : redFigures(row.requests, row.errors, histogramOf(row), seconds);
    points.push({ time: new Date(start).toISOString(), ...figures });
  }
  return points;
}
