import type pg from "pg";
import { bucketedSeries, type SeriesBucketRow } from "./bucketedSeries";

export interface SeriesFilter {
  service: string;
  route: string | null;
  operation: string | null;
  version: string | null;
}

/**
 * One service's requests, errors and latency histogram per bucket of `stepMs` from `from`, over [from, to),
 * optionally for one route, operation or version.
 */
export function getServiceSeries(
  pool: pg.Pool,
  filter: SeriesFilter,
  from: Date,
  to: Date,
  stepMs: number,
): Promise<SeriesBucketRow[]> {
  const where = `r.service = $1
          AND ($2::text IS NULL OR r.route = $2)
          AND ($3::text IS NULL OR r.operation = $3)
          AND ($4::text IS NULL OR r.version = $4)`;
  const params = [filter.service, filter.route, filter.operation, filter.version];
  return bucketedSeries(pool, { table: "telemetry_service_minutes", where, params }, from, to, stepMs);
}
