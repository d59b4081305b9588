import type pg from "pg";
import type { RegistryRow } from "../registry";

/**
 * Registered instances that currently make endpoints: proxies with a service and an inbound address that
 * are connected (and refreshed within the live window) or disconnected less than the grace period ago.
 * A "connected" row whose replica stopped refreshing it counts as disconnected at its last_seen_at.
 */
export async function loadRegistryRows(
  pool: pg.Pool,
  graceMs: number,
  liveWindowMs: number,
): Promise<RegistryRow[]> {
  const result = await pool.query<{
    node_id: string;
    service: string;
    inbound_address: string;
    inbound_port: number;
    labels: unknown;
    zone: string | null;
    grace_left_ms: number | null;
  }>(
    `WITH proxies AS (
       SELECT node_id, service, inbound_address, inbound_port, labels, zone,
              connected AND last_seen_at > now() - $2::double precision * interval '1 millisecond' AS alive,
              COALESCE(disconnected_at, last_seen_at) AS gone_at
         FROM mesh_proxies
        WHERE service IS NOT NULL AND inbound_address IS NOT NULL AND inbound_port IS NOT NULL)
     SELECT node_id, service, inbound_address, inbound_port, labels, zone,
            CASE WHEN alive THEN NULL
                 ELSE EXTRACT(EPOCH FROM (gone_at + $1::double precision * interval '1 millisecond' - now())) * 1000
            END::double precision AS grace_left_ms
       FROM proxies
      WHERE alive OR gone_at > now() - $1::double precision * interval '1 millisecond'
      ORDER BY node_id`,
    [graceMs, liveWindowMs],
  );
  return result.rows.map((row) => ({
    nodeId: row.node_id,
    service: row.service,
    address: row.inbound_address,
    port: row.inbound_port,
    labels: row.labels,
    zone: row.zone,
    graceLeftMs: row.grace_left_ms,
  }));
}
