import type pg from "pg";

/**
 * Marks finest-level buckets (starts in Unix ms) as changed, in the transaction that writes their minute
 * rows: a new row, or a bumped `version` so that a roll-up that read the old one keeps the bucket pending.
 * Callers hold the rollup lock (ingest/write-flush.ts), so concurrent flushes never deadlock on these rows.
 */
export async function markRollupPending(
  client: pg.ClientBase | pg.Pool,
  startsMs: readonly number[],
): Promise<void> {
  if (startsMs.length === 0) return;
  await client.query({
    // Prepared once per connection: every flush runs it.
    name: "weft_mark_rollup_pending",
    text: `INSERT INTO telemetry_rollup_pending AS p (bucket)
     SELECT to_timestamp(u.ms / 1000.0) FROM unnest($1::float8[]) AS u(ms) ORDER BY 1
     ON CONFLICT (bucket) DO UPDATE SET version = p.version + 1`,
    values: [startsMs],
  });
}
