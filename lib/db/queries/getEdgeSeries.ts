import type pg from "pg";
import { bucketedSeries, type SeriesBucketRow } from "./bucketedSeries";

/**
 * One caller → callee pair's requests, errors and latency histogram per bucket of `stepMs` from `from`, over
 * [from, to), as the caller saw the calls. Reads the (source, destination, minute) index.
 */
export function getEdgeSeries(
  pool: pg.Pool,
  pair: { source: string; destination: string },
  from: Date,
  to: Date,
  stepMs: number,
): Promise<SeriesBucketRow[]> {
  const where = "r.source = $1 AND r.destination = $2";
  const source = { table: "telemetry_edge_minutes", where, params: [pair.source, pair.destination] } as const;
  return bucketedSeries(pool, source, from, to, stepMs);
}
