import { describe, expect, it } from "vitest";
import { mergeSeries, metricRows, type SeriesPointLike, sparklinePath } from "./series";

const point = (time: string, requests: number, p99: number | null): SeriesPointLike => ({
  time,
  requests,
  rate: requests / 60,
  errorRate: requests > 0 ? 0.1 : null,
  latencyMs: { p50: p99 === null ? null : p99 / 2, p90: p99, p99 },
});

describe("chart rows", () => {
  it("puts several metrics of one series side by side, leaving empty steps as gaps", () => {
    const rows = metricRows(
      [point("2026-03-10T12:00:00Z", 60, 20), point("2026-03-10T12:01:00Z", 0, null)],
      ["rate", "errorRate", "p99"],
    );
    expect(rows).toEqual([
      { t: Date.parse("2026-03-10T12:00:00Z"), rate: 1, errorRate: 0.1, p99: 20 },
      { t: Date.parse("2026-03-10T12:01:00Z"), rate: 0, errorRate: null, p99: null },
    ]);
  });

  it("merges one metric of several series on time", () => {
    const rows = mergeSeries(
      [
        {
          label: "v1",
          points: [point("2026-03-10T12:01:00Z", 120, 30), point("2026-03-10T12:00:00Z", 60, 10)],
        },
        { label: "v2", points: [point("2026-03-10T12:01:00Z", 30, 50)] },
      ],
      "p99",
    );
    expect(rows).toEqual([
      { t: Date.parse("2026-03-10T12:00:00Z"), v1: 10, v2: null },
      { t: Date.parse("2026-03-10T12:01:00Z"), v1: 30, v2: 50 },
    ]);
  });

  it("draws sparklines scaled to the box, broken at gaps", () => {
    expect(sparklinePath([0, 5, 10], 100, 20)).toBe("M0 20L50 10L100 0");
    expect(sparklinePath([2, null, 2], 10, 10)).toBe("M0 0M10 0");
    expect(sparklinePath([null, null], 10, 10)).toBe("");
    expect(sparklinePath([4], 10, 10)).toBe("M0 0");
  });
});
