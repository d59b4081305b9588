// Keeps the bucket levels in step with ingest inside `weft server`: every minute, the pending buckets that
// closed at least SETTLE_MS ago are computed (roll-up-levels.ts). The delay lets the stragglers of a bucket
// (span calls decided 10 s after their flush, SDK batches of 5 s) land before it is computed; anything
// later marks the bucket pending again. Failures are logged and retried at the next run.

import type pg from "pg";
import { PeriodicJob } from "../periodic-job";
import { type RollUpResult, rollUpClosedBuckets } from "./roll-up-levels";

const MINUTE_MS = 60_000;
/** How long after a bucket closes it is first computed. */
export const SETTLE_MS = MINUTE_MS;

export class RollupLevels extends PeriodicJob<RollUpResult> {
  constructor(pool: pg.Pool, log: (line: string) => void, now: () => number = Date.now) {
    super("telemetry rollup levels", () => rollUpClosedBuckets(pool, now() - SETTLE_MS), log);
  }

  override start(intervalMs = MINUTE_MS): void {
    super.start(intervalMs);
  }
}
