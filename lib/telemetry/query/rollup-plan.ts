// The rows a query over a window reads: bucket levels where they are up to date, minute rows elsewhere.

import type pg from "pg";
import { listRollupPending } from "@/lib/db/queries/listRollupPending";
import { planRange, type RangePlan } from "../rollup/range-plan";
import type { TimeRange } from "./time";

/**
 * Plans a minute-aligned window against the pending buckets it overlaps. A flush committing between this
 * read and the query's is as if it had come after the query: a bucket it marks is read from its (older)
 * bucket row, never counted twice.
 */
export async function planWindow(pool: pg.Pool, window: TimeRange): Promise<RangePlan> {
  const pending = await listRollupPending(pool, window.fromMs, window.toMs);
  return planRange(
    window,
    pending.map((bucket) => bucket.startMs),
  );
}
