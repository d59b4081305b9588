// Keeps the telemetry tables' daily partitions in step with the clock: run once before ingest starts
// (so every accepted item has a partition) and then every hour (ahead of each new day, and to drop
// expired days). Failures are logged and retried at the next run; ingest meanwhile retries a missing
// partition itself (ingest/write-flush.ts).

import type pg from "pg";
import {
  maintainTelemetryPartitions,
  type PartitionChanges,
} from "@/lib/db/queries/maintainTelemetryPartitions";
import { PARTITION_DAYS_AHEAD, type RetentionDays, utcDate } from "./window";

const HOUR_MS = 3_600_000;

export class PartitionMaintenance {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PartitionChanges> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly retention: RetentionDays,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** One pass; concurrent callers share it. */
  run(): Promise<PartitionChanges> {
    if (this.running === null) {
      this.running = maintainTelemetryPartitions(
        this.pool,
        utcDate(this.now()),
        PARTITION_DAYS_AHEAD,
        this.retention,
      )
        .then((changes) => {
          if (changes.dropped.length > 0)
            this.log(
              `telemetry retention: dropped ${changes.dropped.length} partition(s): ${changes.dropped.join(", ")}`,
            );
          return changes;
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  start(intervalMs = HOUR_MS): void {
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) =>
        this.log(`telemetry partition maintenance failed: ${String(error)}`),
      );
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
