import type pg from "pg";

/** Marks the proxies this replica holds as alive. */
export async function touchProxies(pool: pg.Pool, replicaId: string, nodeIds: readonly string[], at: Date) {
  if (nodeIds.length === 0) return;
  await pool.query(
    `UPDATE mesh_proxies SET last_seen_at = GREATEST(last_seen_at, $3)
      WHERE replica_id = $1 AND connected AND node_id = ANY($2::text[])`,
    [replicaId, nodeIds, at],
  );
}

/**
 * Housekeeping any replica may do: "connected" rows whose replica stopped refreshing them are marked
 * disconnected, and proxies gone for longer than the retention are forgotten. Returns how many rows that
 * made endpoints were marked gone (the registry must then be reloaded).
 */
export async function sweepProxies(
  pool: pg.Pool,
  liveWindowMs: number,
  retentionMs: number,
): Promise<number> {
  const stale = await pool.query<{ endpoint: boolean }>(
    `UPDATE mesh_proxies SET connected = false, disconnected_at = last_seen_at
      WHERE connected AND last_seen_at < now() - $1::double precision * interval '1 millisecond'
      RETURNING service IS NOT NULL AND inbound_address IS NOT NULL AS endpoint`,
    [liveWindowMs],
  );
  await pool.query(
    `DELETE FROM mesh_proxies
      WHERE NOT connected AND last_seen_at < now() - $1::double precision * interval '1 millisecond'`,
    [retentionMs],
  );
  return stale.rows.filter((row) => row.endpoint).length;
}

/** Announces a change on the mesh channel (delivered to every replica, this one included). */
export async function notifyMesh(pool: pg.Pool, channel: string, payload: string): Promise<void> {
  await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
}
