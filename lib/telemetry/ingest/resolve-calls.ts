// Deciding a set of open calls against the database: look up their stored children, then add the
// resulting edges to the rollups and mark their buckets pending (under the same lock as flushes, so upserts
// never deadlock).

import type pg from "pg";
import { findStoredCallees } from "@/lib/db/queries/findStoredCallees";
import { markRollupPending } from "@/lib/db/queries/markRollupPending";
import { upsertEdgeMinutes } from "@/lib/db/queries/upsertEdgeMinutes";
import { pendingBucketsOf } from "../rollup/levels";
import { type OpenCall, resolveOpenCalls } from "../rollup/span-calls";
import { inTransaction } from "../store/transaction";
import { ROLLUP_LOCK_KEY } from "./write-flush";

/** Resolves the calls; edges of minutes before `oldestMinuteMs` (past rollup retention) are left out. */
export async function resolveStoredCalls(
  pool: pg.Pool,
  calls: readonly OpenCall[],
  oldestMinuteMs: number,
): Promise<void> {
  if (calls.length === 0) return;
  await inTransaction(pool, async (client) => {
    await client.query("SET LOCAL enable_seqscan = off");
    const children = await findStoredCallees(client, calls);
    const edges = resolveOpenCalls(calls, children).filter((edge) => edge.minuteMs >= oldestMinuteMs);
    await client.query("SELECT pg_advisory_xact_lock($1)", [ROLLUP_LOCK_KEY]);
    await upsertEdgeMinutes(client, edges);
    await markRollupPending(client, pendingBucketsOf(edges.map((edge) => edge.minuteMs)));
  });
}
