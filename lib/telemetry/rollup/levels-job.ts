// Keeps the bucket levels in step with ingest inside `weft server`: every minute, the pending buckets that
// closed at least SETTLE_MS ago are computed (roll-up-levels.ts). The delay lets the stragglers of a bucket
// (span calls decided 10 s after their flush, SDK batches of 5 s) land before it is computed; anything
// later marks the bucket pending again. Failures are logged and retried at the next run.

import type pg from "pg";
import { type RollUpResult, rollUpClosedBuckets } from "./roll-up-levels";

const MINUTE_MS = 60_000;
/** How long after a bucket closes it is first computed. */
export const SETTLE_MS = MINUTE_MS;

export class RollupLevels {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RollUpResult> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** One pass; concurrent callers share it. */
  run(): Promise<RollUpResult> {
    if (this.running === null) {
      this.running = rollUpClosedBuckets(this.pool, this.now() - SETTLE_MS).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  start(intervalMs = MINUTE_MS): void {
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => this.log(`telemetry rollup levels failed: ${String(error)}`));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
