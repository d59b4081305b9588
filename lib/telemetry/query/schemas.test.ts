import { describe, expect, it } from "vitest";
import { seriesQuerySchema, traceIdSchema, tracesQuerySchema } from "./schemas";

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) => result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];

describe("tracesQuerySchema", () => {
  it("collects attr.<key> filters and parses durations to nanoseconds", () => {
    const result = tracesQuerySchema.safeParse({
      from: "2026-11-21T10:00:00Z",
      to: "2026-11-21T11:00:00Z",
      service: "checkout",
      minDuration: "1.5ms",
      maxDuration: "2s",
      status: "error",
      "attr.http.route": "/pay",
      "attr.http.response.status_code": "500",
      limit: "50",
    });
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      range: { fromMs: Date.UTC(2026, 10, 21, 10), toMs: Date.UTC(2026, 10, 21, 11) },
      service: "checkout",
      operation: null,
      minDurationNs: 1_500_000n,
      maxDurationNs: 2_000_000_000n,
      status: "error",
      attributes: [
        ["http.route", "/pay"],
        ["http.response.status_code", "500"],
      ],
      limit: 50,
    });
  });

  it("names each bad parameter", () => {
    const result = tracesQuerySchema.safeParse({
      from: "now",
      to: "now-1h",
      minDuration: "5 seconds",
      status: "broken",
      limit: "1000",
      "attr.": "x",
    });
    expect(issues(result)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^status: /), expect.stringMatching(/^limit: /)]),
    );
    const semantic = tracesQuerySchema.safeParse({
      from: "now",
      to: "now-1h",
      minDuration: "5 seconds",
      "attr.": "x",
    });
    expect(issues(semantic)).toEqual([
      expect.stringMatching(/^from: from \(.*\) must be before to/),
      'minDuration: "5 seconds" is not a duration; use e.g. 250ms, 1.5s, 15m, 1h30m, 2d',
      "attr.: needs an attribute name of 1 to 256 characters",
    ]);
    expect(issues(tracesQuerySchema.safeParse({ minDuration: "2s", maxDuration: "1s" }))).toEqual([
      "minDuration: is greater than maxDuration",
    ]);
  });
});

describe("seriesQuerySchema", () => {
  it("rounds the step up to whole minutes and picks one when none is given", () => {
    const given = seriesQuerySchema.safeParse({ from: "now-1h", step: "90s" });
    expect(given.data?.stepMs).toBe(120_000);
    const picked = seriesQuerySchema.safeParse({ from: "now-24h" });
    expect(picked.data?.stepMs).toBe(12 * 60_000);
  });

  it("refuses a step that would make too many points", () => {
    expect(issues(seriesQuerySchema.safeParse({ from: "now-30d", step: "1m" }))).toEqual([
      "step: the range would have 43200 points of 1 min; at most 1440",
    ]);
  });
});

describe("traceIdSchema", () => {
  it("accepts 32 hex characters (lowercasing them), not other lengths or all zeros", () => {
    expect(traceIdSchema.parse("5B8EFFF798038103D269B633813FC60C")).toBe("5b8efff798038103d269b633813fc60c");
    expect(traceIdSchema.safeParse("5b8efff7").success).toBe(false);
    expect(traceIdSchema.safeParse("0".repeat(32)).success).toBe(false);
    expect(traceIdSchema.safeParse("g".repeat(32)).success).toBe(false);
  });
});
