import { describe, expect, it } from "vitest";
import { histogramFromSlots } from "../rollup/histogram-sql";
import { latencyQuantiles } from "../rollup/latency-histogram";
import { edgeSeriesQuerySchema } from "./schemas";
import { seriesPoints, seriesSteps } from "./series";

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) => result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];

describe("edgeSeriesQuerySchema", () => {
  it("needs a source and a target, and takes steps like the service series", () => {
    const parsed = edgeSeriesQuerySchema.safeParse({
      source: " web ",
      target: "cart",
      from: "2026-11-21T10:00:00Z",
      to: "2026-11-21T11:00:00Z",
      step: "5m",
    });
    expect(parsed.data).toEqual({
      source: "web",
      target: "cart",
      range: { fromMs: Date.parse("2026-11-21T10:00:00Z"), toMs: Date.parse("2026-11-21T11:00:00Z") },
      stepMs: 300_000,
    });
    expect(issues(edgeSeriesQuerySchema.safeParse({ source: "web" }))).toEqual([
      "target: Invalid input: expected string, received undefined",
    ]);
    expect(
      issues(edgeSeriesQuerySchema.safeParse({ source: "web", target: "", from: "now-30d", step: "1m" })),
    ).toEqual(["target: is empty"]);
    expect(
      issues(edgeSeriesQuerySchema.safeParse({ source: "a", target: "b", from: "now-30d", step: "1m" })),
    ).toEqual(["step: the range would have 43200 points of 1 min; at most 1440"]);
  });
});

describe("series steps and points", () => {
  const t0 = Date.parse("2026-11-21T10:00:00Z");

  it("starts on the minute and ends on a whole step", () => {
    expect(seriesSteps({ fromMs: t0 + 30_000, toMs: t0 + 7 * 60_000 }, 180_000)).toEqual({
      fromMs: t0,
      toMs: t0 + 9 * 60_000,
      stepMs: 180_000,
      count: 3,
    });
  });

  it("gives every step, with rates over the step (or the part of it that has happened)", () => {
    const steps = seriesSteps({ fromMs: t0, toMs: t0 + 6 * 60_000 }, 120_000);
    const row = { bucket: 1, requests: 240, errors: 12, latencySumSeconds: 2.4, slots: [100], counts: [240] };
    // "now" is 90 s into the last step: its rate is over 90 s.
    const points = seriesPoints([row, { ...row, bucket: 2 }], steps, t0 + 4 * 60_000 + 90_000);
    expect(points.map((p) => [p.time, p.requests, p.rate, p.errorRate])).toEqual([
      ["2026-11-21T10:00:00.000Z", 0, 0, null],
      ["2026-11-21T10:02:00.000Z", 240, 2, 0.05],
      ["2026-11-21T10:04:00.000Z", 240, 2.666667, 0.05],
    ]);
    const p99 = latencyQuantiles(histogramFromSlots([100], [240], 2.4)).p99!;
    expect(points[1]?.latencyMs.p99).toBeCloseTo(p99 * 1000, 3);
    expect(points[0]?.latencyMs).toEqual({ p50: null, p90: null, p99: null });
  });
});
