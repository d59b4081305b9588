import type pg from "pg";
import type { PendingBucket } from "./listRollupPending";

/**
 * Removes pending buckets that were computed, unless ingest marked them again since they were read (their
 * version moved on): those stay pending and are computed again by a later run. Returns how many went.
 */
export async function clearRollupPending(
  client: pg.ClientBase | pg.Pool,
  computed: readonly PendingBucket[],
): Promise<number> {
  if (computed.length === 0) return 0;
  const result = await client.query(
    `DELETE FROM telemetry_rollup_pending p
      USING unnest($1::timestamptz[], $2::int8[]) AS d(bucket, version)
      WHERE p.bucket = d.bucket AND p.version = d.version`,
    [computed.map((b) => new Date(b.startMs)), computed.map((b) => b.version)],
  );
  return result.rowCount ?? 0;
}
