import type pg from "pg";

export interface DimensionValue {
  value: string;
  requests: number;
}

export interface ServiceDimensions {
  /** `http.route` values with requests in the range, busiest first. */
  routes: DimensionValue[];
  /** Versions (subset or service.version) with requests in the range, busiest first. */
  versions: DimensionValue[];
}

/**
 * The routes and versions one service's rollups hold over [from, to), with their requests (metric rows win
 * per minute, as everywhere), at most `limit` of each. Reads the (service, minute) index.
 */
export async function listServiceDimensions(
  pool: pg.Pool,
  service: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<ServiceDimensions> {
  const result = await pool.query<{ dimension: "route" | "version"; value: string; requests: number }>(
    `WITH picked AS (
       SELECT m.route, m.version, m.origin, m.requests,
              bool_or(m.origin = 'metrics') OVER (PARTITION BY m.minute) AS measured
         FROM telemetry_service_minutes m
        WHERE m.service = $1 AND m.minute >= $2 AND m.minute < $3
     ), chosen AS (
       SELECT * FROM picked WHERE origin = 'metrics' OR NOT measured
     ), summed AS (
       SELECT 'route' AS dimension, route AS value, sum(requests::float8) AS requests
         FROM chosen WHERE route <> '' GROUP BY route
       UNION ALL
       SELECT 'version', version, sum(requests::float8)
         FROM chosen WHERE version <> '' GROUP BY version
     ), ranked AS (
       SELECT *, row_number() OVER (PARTITION BY dimension ORDER BY requests DESC, value) AS rank FROM summed
     )
     SELECT dimension, value, requests FROM ranked WHERE rank <= $4 AND requests > 0
      ORDER BY dimension, rank`,
    [service, from, to, limit],
  );
  const pick = (dimension: "route" | "version") =>
    result.rows
      .filter((row) => row.dimension === dimension)
      .map((row) => ({ value: row.value, requests: row.requests }));
  return { routes: pick("route"), versions: pick("version") };
}
