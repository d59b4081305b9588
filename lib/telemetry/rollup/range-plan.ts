// Which rows answer a range: the coarsest buckets that fit inside it and are up to date, finer ones around
// them, and minute rows for the ragged ends and for buckets whose minutes changed since they were computed
// (pending). The sum of the planned rows equals the sum of the range's minute rows. Pure.

import type { TimeRange } from "../query/time";
import { LEVEL_MINUTES, type LevelWidth } from "./levels";

const MINUTE_MS = 60_000;

export interface PlannedBucket {
  width: LevelWidth;
  startMs: number;
}

export interface RangePlan {
  /** Minute ranges [fromMs, toMs), ascending, adjacent ones merged. */
  minutes: TimeRange[];
  /** Whole buckets read from the bucket tables, ascending by start. */
  buckets: PlannedBucket[];
}

/** A plan that reads only minute rows (the reference the levels must agree with). */
export function minutesOnlyPlan(window: TimeRange): RangePlan {
  return { minutes: window.fromMs < window.toMs ? [window] : [], buckets: [] };
}

/**
 * Plans a minute-aligned window. `pendingStartsMs` are the starts of finest-level buckets that are not up
 * to date (ascending); a bucket of any level containing one of them is not used.
 */
export function planRange(
  window: TimeRange,
  pendingStartsMs: readonly number[],
  levels: readonly LevelWidth[] = LEVEL_MINUTES,
): RangePlan {
  if (window.fromMs % MINUTE_MS !== 0 || window.toMs % MINUTE_MS !== 0)
    throw new RangeError("planRange needs a minute-aligned window");
  const plan: RangePlan = { minutes: [], buckets: [] };
  cover(window.fromMs, window.toMs, levels.length - 1);
  plan.buckets.sort((a, b) => a.startMs - b.startMs);
  return plan;

  /** Covers [from, to) with buckets of `levels[level]` where they fit and are up to date, finer ones elsewhere. */
  function cover(fromMs: number, toMs: number, level: number): void {
    if (fromMs >= toMs) return;
    if (level < 0) {
      addMinutes(plan.minutes, fromMs, toMs);
      return;
    }
    const width = levels[level]!;
    const widthMs = width * MINUTE_MS;
    let covered = fromMs;
    for (let start = Math.ceil(fromMs / widthMs) * widthMs; start + widthMs <= toMs; start += widthMs) {
      if (anyWithin(pendingStartsMs, start, start + widthMs)) continue;
      cover(covered, start, level - 1);
      plan.buckets.push({ width, startMs: start });
      covered = start + widthMs;
    }
    cover(covered, toMs, level - 1);
  }
}

function addMinutes(ranges: TimeRange[], fromMs: number, toMs: number): void {
  const last = ranges.at(-1);
  if (last !== undefined && last.toMs === fromMs) last.toMs = toMs;
  else ranges.push({ fromMs, toMs });
}

/** Whether an ascending list holds a value in [from, to) (binary search). */
function anyWithin(sorted: readonly number[], fromMs: number, toMs: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < fromMs) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! < toMs;
}
