// Computing the bucket levels from the minute rows, one transaction per unit of work: the closed pending
// buckets of one 6-hour bucket, every coarser bucket holding them, then the pending marks that did not
// change meanwhile are cleared. Replicas (and the benchmark's workers) may all run it:
// - a unit is claimed with a transaction-level advisory try-lock, so one transaction at a time computes its
//   buckets (10 minutes to 6 hours), and the others take another unit;
// - a day bucket, shared by four units, is computed under a blocking lock of its own, after the unit's
//   levels, so the last transaction to change one of its quarters computes it again with every quarter;
// - every statement reads the rows committed before it started, after those locks were taken, so a later
//   computation never writes figures older than an earlier one's;
// - a flush that changes a bucket while it is being computed bumps its pending version: the bucket stays
//   pending (queries read its minutes) and is computed again by a later run.
// Locks are taken unit first, then day, then the ingest lock, never waited on in another order: no deadlock.

import type pg from "pg";
import { clearRollupPending } from "@/lib/db/queries/clearRollupPending";
import { listRollupPending, type PendingBucket } from "@/lib/db/queries/listRollupPending";
import { replaceBuckets } from "@/lib/db/queries/replaceBuckets";
import { EDGE_BUCKETS } from "@/lib/db/queries/rollUpEdgeBuckets";
import { SERVICE_BUCKETS } from "@/lib/db/queries/rollUpServiceBuckets";
import { ROLLUP_LOCK_KEY } from "../ingest/write-flush";
import { inTransaction } from "../store/transaction";
import { bucketStartMs, bucketsToRecompute, LEVEL_MINUTES, type LevelWidth, PENDING_WIDTH } from "./levels";

/** The unit of work: the buckets of one 6-hour bucket. Coarser levels are shared between units. */
export const UNIT_WIDTH: LevelWidth = 360;
const MINUTE_MS = 60_000;
/** Advisory locks are (LOCK_CLASS + width, bucket start in minutes since the epoch). */
export const LOCK_CLASS = 731_590_000;

export interface RollUpResult {
  /** Finest-level buckets computed. */
  computed: number;
  /** Of those, how many are no longer pending (the others changed meanwhile). */
  cleared: number;
  /** Units with pending work that another transaction was computing (left alone). */
  busyUnits: number;
}

/**
 * Computes the pending finest-level buckets that closed before `closedBeforeMs` of the newest unit no other
 * transaction is computing, and the coarser buckets holding them.
 */
export function rollUpPendingUnit(pool: pg.Pool, closedBeforeMs: number): Promise<RollUpResult> {
  const closedTo = bucketStartMs(closedBeforeMs, PENDING_WIDTH);
  return inTransaction(pool, async (client) => {
    const closed = await listRollupPending(client, 0, closedTo);
    const units = [...new Set(closed.map((bucket) => bucketStartMs(bucket.startMs, UNIT_WIDTH)))];
    let busyUnits = 0;
    for (const unitMs of units.sort((a, b) => b - a)) {
      if (!(await lockBucket(client, UNIT_WIDTH, unitMs, "try"))) {
        busyUnits++;
        continue;
      }
      // Read again under the lock: another transaction may have computed some of them meanwhile.
      const pending = await listRollupPending(
        client,
        unitMs,
        Math.min(unitMs + UNIT_WIDTH * MINUTE_MS, closedTo),
      );
      const cleared = await computeBuckets(client, pending);
      return { computed: pending.length, cleared, busyUnits };
    }
    return { computed: 0, cleared: 0, busyUnits };
  });
}

async function computeBuckets(client: pg.PoolClient, pending: readonly PendingBucket[]): Promise<number> {
  if (pending.length === 0) return 0;
  for (const level of bucketsToRecompute(pending.map((bucket) => bucket.startMs))) {
    if (level.width > UNIT_WIDTH)
      for (const startMs of level.startsMs) await lockBucket(client, level.width, startMs, "wait");
    const index = LEVEL_MINUTES.indexOf(level.width);
    const finer = index === 0 ? null : LEVEL_MINUTES[index - 1]!;
    for (const statements of [EDGE_BUCKETS, SERVICE_BUCKETS])
      await replaceBuckets(client, statements, level.width, level.startsMs, finer);
  }
  // Taken last and held only to COMMIT: flushes mark pending rows under it, so none is half-way through
  // marking a bucket this DELETE looks at.
  await client.query("SELECT pg_advisory_xact_lock($1)", [ROLLUP_LOCK_KEY]);
  return clearRollupPending(client, pending);
}

async function lockBucket(client: pg.PoolClient, width: LevelWidth, startMs: number, mode: "try" | "wait") {
  const key = [LOCK_CLASS + width, startMs / MINUTE_MS];
  if (mode === "wait") {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", key);
    return true;
  }
  const result = await client.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_xact_lock($1, $2) AS locked",
    key,
  );
  return result.rows[0]!.locked;
}

/**
 * Computes the closed pending buckets, a unit at a time, while units make progress and `budgetMs` has not
 * passed (the rest waits for the next run). A bucket that keeps changing is left for the next run.
 */
export async function rollUpClosedBuckets(
  pool: pg.Pool,
  closedBeforeMs: number,
  options: { budgetMs?: number } = {},
): Promise<RollUpResult> {
  const deadline = performance.now() + (options.budgetMs ?? 60_000);
  const total: RollUpResult = { computed: 0, cleared: 0, busyUnits: 0 };
  for (;;) {
    const result = await rollUpPendingUnit(pool, closedBeforeMs);
    total.computed += result.computed;
    total.cleared += result.cleared;
    total.busyUnits = result.busyUnits;
    if (result.cleared === 0 || performance.now() > deadline) return total;
  }
}
