import type pg from "pg";
import type { MeshConfig } from "@/lib/mesh/schema";

export interface StoredRevision {
  number: number;
  config: MeshConfig;
}

/** The newest revision number (0 when none was ever committed). */
export async function latestRevisionNumber(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ number: number | null }>(
    "SELECT max(number) AS number FROM mesh_revisions",
  );
  return result.rows[0]?.number ?? 0;
}

/** The newest revision and its config; revision 0 is the empty mesh. Configs were validated on commit. */
export async function loadLatestRevision(pool: pg.Pool): Promise<StoredRevision> {
  const result = await pool.query<{ number: number; config: MeshConfig }>(
    "SELECT number, config FROM mesh_revisions ORDER BY number DESC LIMIT 1",
  );
  const row = result.rows[0];
  return row ? { number: row.number, config: row.config } : { number: 0, config: { services: [] } };
}
