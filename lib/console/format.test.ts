import { describe, expect, it } from "vitest";
import { formatAgo, formatLatency, formatPercent, formatRate } from "./format";

describe("formats", () => {
  it("formats rates", () => {
    expect([0, 0.004, 0.05, 1.234, 12.34, 123.4, 1_234, 2_500_000, Number.NaN, null].map(formatRate)).toEqual(
      ["0/s", "<0.01/s", "0.05/s", "1.23/s", "12.3/s", "123/s", "1.23k/s", "2.5M/s", "–", "–"],
    );
  });

  it("formats error rates given as fractions", () => {
    expect([0, 0.00001, 0.0012, 0.053, 0.5, 1, undefined].map(formatPercent)).toEqual([
      "0%",
      "<0.01%",
      "0.12%",
      "5.3%",
      "50%",
      "100%",
      "–",
    ]);
  });

  it("formats latencies in the unit that reads best", () => {
    expect([0.85, 12, 12.345, 1_250, 125_000, null].map(formatLatency)).toEqual([
      "850µs",
      "12ms",
      "12.3ms",
      "1.25s",
      "2m05s",
      "–",
    ]);
  });

  it("says how long ago", () => {
    const now = 1_000_000_000;
    expect(formatAgo(now - 5_000, now)).toBe("5s ago");
    expect(formatAgo(now - 300_000, now)).toBe("5m ago");
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe("3h ago");
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe("2d ago");
    expect(formatAgo(now + 5_000, now)).toBe("0s ago");
  });
});
