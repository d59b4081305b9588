import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/console/graph/syntheticMesh";
import { LEVEL_MINUTES } from "./levels";
import { minutesOnlyPlan, planRange, type RangePlan } from "./range-plan";

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
/** The plan as readable pieces: "10:37-10:40" for minutes, "60@11:00" for a bucket (UTC times). */
function pieces(plan: RangePlan): string[] {
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  return [
    ...plan.minutes.map((r) => ({ at: r.fromMs, text: `${time(r.fromMs)}-${time(r.toMs)}` })),
    ...plan.buckets.map((b) => ({ at: b.startMs, text: `${b.width}@${time(b.startMs)}` })),
  ]
    .sort((a, b) => a.at - b.at)
    .map((p) => p.text);
}

describe("planRange", () => {
  it("reads a range inside one minute, or an empty one, from minutes only", () => {
    const minute = { fromMs: at("2026-11-21T10:07:00Z"), toMs: at("2026-11-21T10:08:00Z") };
    expect(planRange(minute, [])).toEqual({ minutes: [minute], buckets: [] });
    const empty = { fromMs: minute.fromMs, toMs: minute.fromMs };
    expect(planRange(empty, [])).toEqual({ minutes: [], buckets: [] });
    expect(minutesOnlyPlan(empty)).toEqual({ minutes: [], buckets: [] });
  });

  it("covers an unaligned range with minutes at the ragged ends and whole buckets between", () => {
    const plan = planRange({ fromMs: at("2026-11-21T10:37:00Z"), toMs: at("2026-11-21T12:52:00Z") }, []);
    expect(pieces(plan)).toEqual([
      "10:37-10:40",
      "10@10:40",
      "10@10:50",
      "60@11:00",
      "10@12:00",
      "10@12:10",
      "10@12:20",
      "10@12:30",
      "10@12:40",
      "12:50-12:52",
    ]);
  });

  it("uses a day bucket for a whole UTC day and six-hour buckets for quarters", () => {
    expect(
      pieces(planRange({ fromMs: at("2026-11-21T00:00:00Z"), toMs: at("2026-11-22T00:00:00Z") }, [])),
    ).toEqual(["1440@00:00"]);
    expect(
      pieces(planRange({ fromMs: at("2026-11-21T05:00:00Z"), toMs: at("2026-11-21T19:00:00Z") }, [])),
    ).toEqual(["60@05:00", "360@06:00", "360@12:00", "60@18:00"]);
  });

  it("crosses midnight with buckets of both days, none spanning it", () => {
    const plan = planRange({ fromMs: at("2026-11-21T22:30:00Z"), toMs: at("2026-11-22T01:10:00Z") }, []);
    expect(pieces(plan)).toEqual(["10@22:30", "10@22:40", "10@22:50", "60@23:00", "60@00:00", "10@01:00"]);
  });

  it("reads a pending bucket's minutes and uses no coarser bucket holding it", () => {
    const pending = [at("2026-11-21T10:20:00Z")];
    const plan = planRange({ fromMs: at("2026-11-21T10:00:00Z"), toMs: at("2026-11-21T12:00:00Z") }, pending);
    expect(pieces(plan)).toEqual([
      "10@10:00",
      "10@10:10",
      "10:20-10:30",
      "10@10:30",
      "10@10:40",
      "10@10:50",
      "60@11:00",
    ]);
  });

  it("reads the last day in 32 rows per key when the newest buckets are pending", () => {
    const end = at("2026-11-21T16:51:00Z");
    const pending = [at("2026-11-21T16:40:00Z"), at("2026-11-21T16:50:00Z")];
    const plan = planRange({ fromMs: end - 24 * 60 * MIN, toMs: end }, pending);
    expect(pieces(plan)).toEqual([
      "16:51-17:00",
      "60@17:00",
      "360@18:00",
      "360@00:00",
      "360@06:00",
      "60@12:00",
      "60@13:00",
      "60@14:00",
      "60@15:00",
      "10@16:00",
      "10@16:10",
      "10@16:20",
      "10@16:30",
      "16:40-16:51",
    ]);
    const minuteRows = plan.minutes.reduce((n, r) => n + (r.toMs - r.fromMs) / MIN, 0);
    expect([minuteRows, plan.buckets.length]).toEqual([9 + 11, 12]);
  });

  it("refuses a window that is not minute-aligned", () => {
    expect(() => planRange({ fromMs: 30_000, toMs: 120_000 }, [])).toThrow(RangeError);
  });

  it("always covers the window exactly once with aligned, up-to-date buckets (random windows)", () => {
    const random = seededRandom(42);
    const base = at("2026-11-20T00:00:00Z");
    for (let run = 0; run < 200; run++) {
      const fromMs = base + Math.floor(random() * 3 * 1440) * MIN;
      const toMs = fromMs + Math.floor(random() * 2 * 1440) * MIN;
      const pending = Array.from(
        { length: Math.floor(random() * 6) },
        () => Math.floor((fromMs + random() * (toMs - fromMs + 1)) / (10 * MIN)) * 10 * MIN,
      ).sort((a, b) => a - b);
      const plan = planRange({ fromMs, toMs }, pending);
      const spans = [
        ...plan.minutes.map((r) => [r.fromMs, r.toMs] as const),
        ...plan.buckets.map((b) => {
          expect(LEVEL_MINUTES).toContain(b.width);
          expect(b.startMs % (b.width * MIN)).toBe(0);
          const end = b.startMs + b.width * MIN;
          expect(pending.some((p) => p >= b.startMs && p < end)).toBe(false);
          return [b.startMs, end] as const;
        }),
      ].sort((a, b) => a[0] - b[0]);
      let cursor = fromMs;
      for (const [start, end] of spans) {
        expect(start).toBe(cursor);
        cursor = end;
      }
      expect(cursor).toBe(toMs);
    }
  });
});
