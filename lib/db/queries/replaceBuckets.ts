import type pg from "pg";
import type { LevelWidth } from "@/lib/telemetry/rollup/levels";

/** One bucket table's statements: its name and the two INSERTs ($1 width, $2 starts, $3 finer width). */
export interface BucketStatements {
  readonly table: "telemetry_edge_buckets" | "telemetry_service_buckets";
  readonly fromMinutes: string;
  readonly fromFiner: string;
}

/**
 * Computes again the buckets of `width` starting at `startsMs` (their old rows are replaced), from the
 * minute rows (`finer` null) or from the buckets of width `finer`, which must be up to date.
 */
export async function replaceBuckets(
  client: pg.ClientBase,
  statements: BucketStatements,
  width: LevelWidth,
  startsMs: readonly number[],
  finer: LevelWidth | null,
): Promise<void> {
  if (startsMs.length === 0) return;
  const starts = startsMs.map((ms) => new Date(ms));
  await client.query(`DELETE FROM ${statements.table} WHERE width = $1 AND bucket = ANY($2::timestamptz[])`, [
    width,
    starts,
  ]);
  // One statement per bucket: the hash aggregate of one bucket's slots stays in memory (a statement for a
  // 6-hour batch of 10-minute buckets took 2.6 times as long).
  for (const start of starts) {
    if (finer === null) await client.query(statements.fromMinutes, [width, [start]]);
    else await client.query(statements.fromFiner, [width, [start], finer]);
  }
}
