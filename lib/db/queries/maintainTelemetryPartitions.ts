import type pg from "pg";
import { inTransaction } from "@/lib/telemetry/store/transaction";

export interface TelemetryRetentionDays {
  spans: number;
  metrics: number;
  rollups: number;
}

export interface PartitionChanges {
  created: string[];
  dropped: string[];
}

/**
 * Creates the daily partitions from the oldest retained day to `today + daysAhead` and drops older ones
 * (the SQL function telemetry_maintain_partitions). `today` is a UTC date, YYYY-MM-DD. A short lock
 * timeout keeps it from queueing ingest behind it; it is retried at the next run.
 */
export async function maintainTelemetryPartitions(
  pool: pg.Pool,
  today: string,
  daysAhead: number,
  retention: TelemetryRetentionDays,
): Promise<PartitionChanges> {
  const rows = await inTransaction(pool, async (client) => {
    await client.query("SET LOCAL lock_timeout = '5s'");
    const result = await client.query<{ action: string; partition_name: string }>(
      "SELECT action, partition_name FROM telemetry_maintain_partitions($1::date, $2, $3, $4, $5)",
      [today, daysAhead, retention.spans, retention.metrics, retention.rollups],
    );
    return result.rows;
  });
  return {
    created: rows.filter((r) => r.action === "created").map((r) => r.partition_name),
    dropped: rows.filter((r) => r.action === "dropped").map((r) => r.partition_name),
  };
}
