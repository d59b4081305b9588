// GET /api/v1/services: every service that reported in the range, with rate, errors and latency.

import type pg from "pg";
import { listServiceRed } from "@/lib/db/queries/listServiceRed";
import { histogramOf, type RedFigures, rateSeconds, redFigures } from "./red";
import { planWindow } from "./rollup-plan";
import { minuteWindow, type TimeRange } from "./time";

export interface ServiceSummary extends RedFigures {
  name: string;
}

export interface ServicesResponse {
  from: string;
  to: string;
  services: ServiceSummary[];
}

export async function listServices(
  pool: pg.Pool,
  range: TimeRange,
  nowMs: number,
): Promise<ServicesResponse> {
  const window = minuteWindow(range);
  const rows = await listServiceRed(pool, await planWindow(pool, window));
  const seconds = rateSeconds(window, nowMs);
  return {
    from: new Date(window.fromMs).toISOString(),
    to: new Date(window.toMs).toISOString(),
    services: rows.map((row) => ({
      name: row.service,
      ...redFigures(row.requests, row.errors, histogramOf(row), seconds),
    })),
  };
}
