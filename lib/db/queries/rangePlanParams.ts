import type { RangePlan } from "@/lib/telemetry/rollup/range-plan";

/**
 * A range plan as query parameters: minute ranges as parallel arrays of starts and ends, and buckets as
 * parallel arrays of widths and starts (joined with `unnest`, one index probe per bucket).
 */
export function rangePlanParams(plan: RangePlan): [Date[], Date[], number[], Date[]] {
  return [
    plan.minutes.map((range) => new Date(range.fromMs)),
    plan.minutes.map((range) => new Date(range.toMs)),
    plan.buckets.map((bucket) => bucket.width),
    plan.buckets.map((bucket) => new Date(bucket.startMs)),
  ];
}
