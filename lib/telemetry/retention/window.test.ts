import { describe, expect, it } from "vitest";
import { spanRow } from "../rollup/testing/span-rows";
import { oldestKeptNs, pointFloorNs, rejectExpired, spanFloorNs, utcDate } from "./window";

const NOW = Date.UTC(2026, 10, 21, 15, 30);

describe("retention window", () => {
  it("keeps whole UTC days: today and the N before it", () => {
    expect(utcDate(NOW)).toBe("2026-11-21");
    expect(oldestKeptNs(NOW, 7)).toBe(BigInt(Date.UTC(2026, 10, 14)) * 1_000_000n);
  });

  it("limits spans and points by the shorter of their own and the rollups' retention", () => {
    const retention = { spans: 7, metrics: 40, rollups: 30 };
    expect(spanFloorNs(NOW, retention)).toBe(oldestKeptNs(NOW, 7));
    expect(pointFloorNs(NOW, retention)).toBe(oldestKeptNs(NOW, 30));
  });

  it("moves older items to the rejected count with a reason", () => {
    const floor = oldestKeptNs(NOW, 7);
    const kept = spanRow({ startNs: floor });
    const old = spanRow({ startNs: floor - 1n });
    const result = rejectExpired(
      { rows: [kept, old, old], rejected: 1, errors: ["earlier problem"] },
      floor,
      5,
    );
    expect(result.rows).toEqual([kept]);
    expect(result.rejected).toBe(3);
    expect(result.errors).toEqual([
      "earlier problem",
      "2 item(s) older than the retention window (before 2026-11-14T00:00:00.000Z)",
    ]);
    const untouched = { rows: [kept], rejected: 0, errors: [] };
    expect(rejectExpired(untouched, floor, 5)).toBe(untouched);
  });
});
