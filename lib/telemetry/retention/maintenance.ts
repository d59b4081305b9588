// Keeps the telemetry tables' daily partitions in step with the clock: run once before ingest starts
// (so every accepted item has a partition) and then every hour (ahead of each new day, and to drop
// expired days). Failures are logged and retried at the next run; ingest meanwhile retries a missing
// partition itself (ingest/write-flush.ts).

import type pg from "pg";
import {
  maintainTelemetryPartitions,
  type PartitionChanges,
} from "@/lib/db/queries/maintainTelemetryPartitions";
import { PeriodicJob } from "../periodic-job";
import { PARTITION_DAYS_AHEAD, type RetentionDays, utcDate } from "./window";

const HOUR_MS = 3_600_000;

export class PartitionMaintenance extends PeriodicJob<PartitionChanges> {
  constructor(
    pool: pg.Pool,
    retention: RetentionDays,
    log: (line: string) => void,
    now: () => number = Date.now,
  ) {
    const pass = async () => {
      const changes = await maintainTelemetryPartitions(
        pool,
        utcDate(now()),
        PARTITION_DAYS_AHEAD,
        retention,
      );
      if (changes.dropped.length > 0)
        log(
          `telemetry retention: dropped ${changes.dropped.length} partition(s): ${changes.dropped.join(", ")}`,
        );
      return changes;
    };
    super("telemetry partition maintenance", pass, log);
  }

  override start(intervalMs = HOUR_MS): void {
    super.start(intervalMs);
  }
}
