import type pg from "pg";
import type { ClientKind } from "../../translate/types";

export interface LiveProxy {
  nodeId: string;
  service: string | null;
  clientKind: ClientKind;
}

const KINDS: readonly ClientKind[] = ["envoy", "grpc-js-xds", "weft-proxy", "unknown"];

/** Proxies connected to any replica right now (refreshed within the live window), by node id. */
export async function loadLiveProxies(pool: pg.Pool, liveWindowMs: number): Promise<LiveProxy[]> {
  const result = await pool.query<{ node_id: string; service: string | null; client_kind: string }>(
    `SELECT node_id, service, client_kind FROM mesh_proxies
      WHERE connected AND last_seen_at > now() - $1::double precision * interval '1 millisecond'
      ORDER BY node_id`,
    [liveWindowMs],
  );
  return result.rows.map((row) => ({
    nodeId: row.node_id,
    service: row.service,
    clientKind: KINDS.find((kind) => kind === row.client_kind) ?? "unknown",
  }));
}
