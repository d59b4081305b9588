import type pg from "pg";

export interface UpstreamStateRow {
  source: string;
  destination: string;
  /** Endpoints the caller's sidecars see, summed over their instances and the destination's subsets. */
  endpoints: number;
  /** Of those, ejected by outlier detection. */
  ejected: number;
  /** Circuit breaker limits (max_requests, …) that at least one of the caller's sidecars reports open. */
  openBreakers: string[];
}

/**
 * The upstream-state gauges' current values (docs/telemetry-metrics.md): the newest point of every series
 * (resource, i.e. sidecar instance, + metric + attributes) in (fromNs, toNs], summed per caller → callee.
 * The metric names are literals so that the planner can use the partial index of migration
 * 20261122000000_upstream_state_index, whose predicate names the same three (a unit test keeps them equal
 * to lib/telemetry/metric-contract.ts). A caller without `weft.source.service` is the resource's service.
 */
export const LIST_UPSTREAM_STATE_SQL = `WITH newest AS (
   SELECT DISTINCT ON (p.resource_id, p.metric_name, p.attributes)
          p.service, p.metric_name, p.attributes, p.value
     FROM telemetry_metric_points p
    WHERE p.metric_name IN ('weft.upstream.endpoints', 'weft.upstream.endpoints.ejected',
                            'weft.upstream.circuit_breaker.open')
      AND p.time_ns > $1 AND p.time_ns <= $2
    ORDER BY p.resource_id, p.metric_name, p.attributes, p.time_ns DESC
 )
 SELECT coalesce(attributes->>'weft.source.service', service) AS source,
        attributes->>'weft.destination.service' AS destination,
        coalesce(sum(value) FILTER (WHERE metric_name = 'weft.upstream.endpoints'), 0) AS endpoints,
        coalesce(sum(value) FILTER (WHERE metric_name = 'weft.upstream.endpoints.ejected'), 0) AS ejected,
        coalesce(array_agg(DISTINCT coalesce(attributes->>'weft.circuit_breaker.limit', 'unknown'))
                   FILTER (WHERE metric_name = 'weft.upstream.circuit_breaker.open' AND value > 0),
                 '{}') AS open_breakers
   FROM newest
  WHERE value IS NOT NULL AND attributes ? 'weft.destination.service'
  GROUP BY 1, 2
  ORDER BY 1, 2`;

export async function listUpstreamState(
  pool: pg.Pool,
  fromNs: bigint,
  toNs: bigint,
): Promise<UpstreamStateRow[]> {
  const result = await pool.query<{
    source: string;
    destination: string;
    endpoints: number;
    ejected: number;
    open_breakers: string[];
  }>(LIST_UPSTREAM_STATE_SQL, [fromNs.toString(), toNs.toString()]);
  return result.rows.map((row) => ({
    source: row.source,
    destination: row.destination,
    endpoints: Math.round(row.endpoints),
    ejected: Math.round(row.ejected),
    openBreakers: row.open_breakers,
  }));
}
