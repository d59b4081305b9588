// Which times ingest still accepts under the retention settings. Data is kept in whole UTC days: with N days
// of retention, today's partition and the N before it exist, and anything older is dropped. Ingest refuses
// items older than the oldest kept day, which both respects the retention and guarantees their partition
// exists (partitions are created from that day to today + PARTITION_DAYS_AHEAD).

import type { DecodeResult, MetricPointRow, SpanRow } from "../rows";

const DAY_MS = 86_400_000;
/** Days of partitions created ahead of today; the decoders refuse times further ahead than an hour. */
export const PARTITION_DAYS_AHEAD = 2;

export interface RetentionDays {
  spans: number;
  metrics: number;
  rollups: number;
}

export const DEFAULT_RETENTION_DAYS: Readonly<RetentionDays> = Object.freeze({
  spans: 7,
  metrics: 7,
  rollups: 30,
});

/** The UTC date of a Unix-millisecond time, YYYY-MM-DD. */
export function utcDate(unixMs: number): string {
  return new Date(unixMs).toISOString().slice(0, 10);
}

/** Start of the oldest day kept with `days` of retention, in Unix nanoseconds. */
export function oldestKeptNs(nowMs: number, days: number): bigint {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  return BigInt(today - days * DAY_MS) * 1_000_000n;
}

/** Spans feed rollups too, so they must be newer than both retentions' oldest day. */
export function spanFloorNs(nowMs: number, retention: RetentionDays): bigint {
  return oldestKeptNs(nowMs, Math.min(retention.spans, retention.rollups));
}

export function pointFloorNs(nowMs: number, retention: RetentionDays): bigint {
  return oldestKeptNs(nowMs, Math.min(retention.metrics, retention.rollups));
}

/** Moves items older than `floorNs` from the rows to the rejected count, with a reason. */
export function rejectExpired<Row extends SpanRow | MetricPointRow>(
  result: DecodeResult<Row>,
  floorNs: bigint,
  maxErrors: number,
): DecodeResult<Row> {
  const timeOf = (row: Row): bigint => ("traceId" in row ? row.startNs : row.timeNs);
  let expired = 0;
  for (const row of result.rows) if (timeOf(row) < floorNs) expired++;
  if (expired === 0) return result;
  const errors = [...result.errors];
  if (errors.length < maxErrors) {
    const oldest = new Date(Number(floorNs / 1_000_000n)).toISOString();
    errors.push(`${expired} item(s) older than the retention window (before ${oldest})`);
  }
  return {
    rows: result.rows.filter((row) => timeOf(row) >= floorNs),
    rejected: result.rejected + expired,
    errors,
  };
}
