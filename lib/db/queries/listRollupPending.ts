import type pg from "pg";

export interface PendingBucket {
  startMs: number;
  version: number;
}

/**
 * Pending finest-level buckets starting in [fromMs, toMs), newest first, at most `limit` (null: all).
 * Returned ascending.
 */
export async function listRollupPending(
  db: pg.ClientBase | pg.Pool,
  fromMs: number,
  toMs: number,
  limit: number | null = null,
): Promise<PendingBucket[]> {
  const result = await db.query<{ ms: string; version: string }>(
    `SELECT (extract(epoch FROM bucket) * 1000)::bigint AS ms, version FROM telemetry_rollup_pending
      WHERE bucket >= $1 AND bucket < $2 ORDER BY bucket DESC LIMIT $3`,
    [new Date(fromMs), new Date(toMs), limit],
  );
  return result.rows.map((row) => ({ startMs: Number(row.ms), version: Number(row.version) })).reverse();
}
