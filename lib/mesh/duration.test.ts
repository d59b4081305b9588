import { describe, expect, it } from "vitest";
import { durationToMs, formatDurationMs, parseDuration, parseDurationMs } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["250ms", { seconds: 0, nanos: 250_000_000 }],
    ["1.5s", { seconds: 1, nanos: 500_000_000 }],
    ["2m", { seconds: 120, nanos: 0 }],
    ["1h", { seconds: 3600, nanos: 0 }],
    ["1m30s", { seconds: 90, nanos: 0 }],
    ["0.1s", { seconds: 0, nanos: 100_000_000 }],
    ["1.000001ms", { seconds: 0, nanos: 1_000_001 }],
    ["0s", { seconds: 0, nanos: 0 }],
    ["1h2m3s4ms", { seconds: 3723, nanos: 4_000_000 }],
  ])("parses %s exactly", (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each([
    "",
    "5",
    "ms",
    "1.s",
    ".5s",
    "1 s",
    "-1s",
    "1d",
    "1S",
    "1s ",
    "1.0000000001s",
    "1.5ns",
    "x".repeat(40),
  ])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it("converts to milliseconds", () => {
    expect(parseDurationMs("1.5s")).toBe(1500);
    expect(parseDurationMs("2m")).toBe(120_000);
    expect(parseDurationMs("nope")).toBeNull();
    expect(durationToMs({ seconds: 1, nanos: 250_000 })).toBe(1000.25);
  });

  it("formats in the largest exact unit", () => {
    expect(formatDurationMs(1)).toBe("1ms");
    expect(formatDurationMs(1500)).toBe("1.5s");
    expect(formatDurationMs(120_000)).toBe("2m");
    expect(formatDurationMs(90_000)).toBe("90s");
    expect(formatDurationMs(3_600_000)).toBe("1h");
  });
});
