import type pg from "pg";

/** The whole row of one proxy as this replica knows it. */
export interface ProxyRow {
  nodeId: string;
  cluster: string;
  service: string | null;
  labels: Record<string, string>;
  inboundAddress: string | null;
  inboundPort: number | null;
  zone: string | null;
  clientKind: string;
  userAgent: string | null;
  problems: readonly string[];
  downgrades: readonly unknown[];
  connected: boolean;
  seenAt: Date;
  disconnectedAt: Date | null;
}

const clip = (value: string | null, max: number) => (value === null ? null : value.slice(0, max));
// ISO strings: node-postgres formats Date objects far more slowly, and these arrays hold thousands.
const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/**
 * Writes many proxies in one statement. A connect always wins (the proxy may have moved from another
 * replica); a disconnect only applies while this replica still holds the proxy, so a late disconnect from
 * an old replica cannot mark a proxy that reconnected elsewhere as gone.
 */
export async function upsertProxies(
  pool: pg.Pool,
  replicaId: string,
  rows: readonly ProxyRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await pool.query(
    `INSERT INTO mesh_proxies AS p (node_id, cluster, service, labels, inbound_address, inbound_port, zone,
            client_kind, user_agent, problems, downgrades, connected, replica_id, first_seen_at, last_seen_at,
            disconnected_at)
     SELECT r.node_id, r.cluster, r.service, r.labels::jsonb, r.inbound_address, r.inbound_port, r.zone,
            r.client_kind, r.user_agent, r.problems::jsonb, r.downgrades::jsonb, r.connected, $15, r.seen_at,
            r.seen_at, r.disconnected_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
                   $8::text[], $9::text[], $10::text[], $11::text[], $12::bool[], $13::timestamptz[],
                   $14::timestamptz[])
         AS r(node_id, cluster, service, labels, inbound_address, inbound_port, zone, client_kind, user_agent,
              problems, downgrades, connected, seen_at, disconnected_at)
     ON CONFLICT (node_id) DO UPDATE SET
       cluster = EXCLUDED.cluster, service = EXCLUDED.service, labels = EXCLUDED.labels,
       inbound_address = EXCLUDED.inbound_address, inbound_port = EXCLUDED.inbound_port, zone = EXCLUDED.zone,
       client_kind = EXCLUDED.client_kind, user_agent = EXCLUDED.user_agent, problems = EXCLUDED.problems,
       downgrades = EXCLUDED.downgrades, connected = EXCLUDED.connected, replica_id = EXCLUDED.replica_id,
       last_seen_at = GREATEST(p.last_seen_at, EXCLUDED.last_seen_at), disconnected_at = EXCLUDED.disconnected_at
     WHERE EXCLUDED.connected OR p.replica_id = EXCLUDED.replica_id OR p.replica_id IS NULL`,
    [
      rows.map((row) => row.nodeId),
      rows.map((row) => clip(row.cluster, 256)),
      rows.map((row) => clip(row.service, 256)),
      rows.map((row) => JSON.stringify(row.labels)),
      rows.map((row) => row.inboundAddress),
      rows.map((row) => row.inboundPort),
      rows.map((row) => clip(row.zone, 256)),
      rows.map((row) => row.clientKind),
      rows.map((row) => clip(row.userAgent, 256)),
      rows.map((row) => JSON.stringify(row.problems)),
      rows.map((row) => JSON.stringify(row.downgrades)),
      rows.map((row) => row.connected),
      rows.map((row) => iso(row.seenAt)),
      rows.map((row) => iso(row.disconnectedAt)),
      replicaId,
    ],
  );
}
