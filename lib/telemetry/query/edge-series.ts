// GET /api/v1/edges/series: one caller → callee pair's rate, errors and latency per step, as the caller saw
// the calls (the topology's edge figures over time), from the per-minute edge rollups.

import type pg from "pg";
import { getEdgeSeries } from "@/lib/db/queries/getEdgeSeries";
import type { EdgeSeriesQuery } from "./schemas";
import { type SeriesPoint, seriesPoints, seriesSteps } from "./series";

export interface EdgeSeriesResponse {
  source: string;
  target: string;
  from: string;
  to: string;
  stepSeconds: number;
  points: SeriesPoint[];
}

export async function getEdgeSeriesResponse(
  pool: pg.Pool,
  query: EdgeSeriesQuery,
  nowMs: number,
): Promise<EdgeSeriesResponse> {
  const steps = seriesSteps(query.range, query.stepMs);
  const rows = await getEdgeSeries(
    pool,
    { source: query.source, destination: query.target },
    new Date(steps.fromMs),
    new Date(steps.toMs),
    query.stepMs,
  );
  return {
    source: query.source,
    target: query.target,
    from: new Date(steps.fromMs).toISOString(),
    to: new Date(steps.toMs).toISOString(),
    stepSeconds: query.stepMs / 1000,
    points: seriesPoints(rows, steps, nowMs),
  };
}
