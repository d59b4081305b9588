// The rollup levels above the minute: bucket widths and their alignment. Buckets are aligned to their width
// from the Unix epoch, so every width dividing a UTC day keeps each bucket inside one daily partition, and
// each coarser bucket is made of whole buckets of the level below it (docs/adr/0007-rollup-levels.md).

const MINUTE_MS = 60_000;

/** Widths in minutes, finest first; each divides the next, and the coarsest is a UTC day. */
export const LEVEL_MINUTES = [10, 60, 360, 1440] as const;
export type LevelWidth = (typeof LEVEL_MINUTES)[number];

/** The finest level: its buckets are the unit that ingest marks as changed (telemetry_rollup_pending). */
export const PENDING_WIDTH: LevelWidth = LEVEL_MINUTES[0];
export const PENDING_WIDTH_MS = PENDING_WIDTH * MINUTE_MS;

/** Start of the bucket of `width` minutes holding `ms` (Unix milliseconds). */
export function bucketStartMs(ms: number, width: number): number {
  const widthMs = width * MINUTE_MS;
  return Math.floor(ms / widthMs) * widthMs;
}

/** The distinct finest-level buckets that hold these minutes, ascending. */
export function pendingBucketsOf(minutesMs: Iterable<number>): number[] {
  const starts = new Set<number>();
  for (const ms of minutesMs) starts.add(bucketStartMs(ms, PENDING_WIDTH));
  return [...starts].sort((a, b) => a - b);
}

export interface LevelBuckets {
  width: LevelWidth;
  /** Bucket starts, Unix milliseconds, ascending and distinct. */
  startsMs: number[];
}

/**
 * The buckets of every level that hold the given finest-level buckets, finest level first: what must be
 * computed again, in this order, after those buckets' minutes changed.
 */
export function bucketsToRecompute(pendingStartsMs: readonly number[]): LevelBuckets[] {
  return LEVEL_MINUTES.map((width) => {
    const starts = new Set(pendingStartsMs.map((ms) => bucketStartMs(ms, width)));
    return { width, startsMs: [...starts].sort((a, b) => a - b) };
  }).filter((level) => level.startsMs.length > 0);
}
