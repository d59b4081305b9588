import { describe, expect, it } from "vitest";
import { minuteWindow, parseDuration, parseTime, resolveTimeRange } from "./time";

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const value = <T>(parsed: { ok: true; value: T } | { ok: false; message: string }) =>
  parsed.ok ? parsed.value : `error: ${parsed.message}`;

describe("parseDuration", () => {
  it("reads single and compound durations into nanoseconds", () => {
    expect(value(parseDuration("250ms"))).toBe(250_000_000);
    expect(value(parseDuration("1.5s"))).toBe(1_500_000_000);
    expect(value(parseDuration("1h30m"))).toBe(5_400_000_000_000);
    expect(value(parseDuration("10us"))).toBe(10_000);
    expect(value(parseDuration("10µs"))).toBe(10_000);
    expect(value(parseDuration("7ns"))).toBe(7);
    expect(value(parseDuration("2d"))).toBe(172_800_000_000_000);
    expect(value(parseDuration("1w"))).toBe(604_800_000_000_000);
  });

  it("refuses anything else", () => {
    for (const text of ["", "15", "m", "-5m", "5 m", "1.s", "5min", "1e3ms"])
      expect(parseDuration(text).ok, text).toBe(false);
  });
});

describe("parseTime", () => {
  it("reads now and now-relative expressions", () => {
    expect(value(parseTime("now", NOW))).toBe(NOW);
    expect(value(parseTime("now-15m", NOW))).toBe(NOW - 900_000);
    expect(value(parseTime("now+1h", NOW))).toBe(NOW + 3_600_000);
    expect(value(parseTime(" now-1h30m ", NOW))).toBe(NOW - 5_400_000);
  });

  it("reads RFC 3339 with fractions and offsets", () => {
    expect(value(parseTime("2026-11-21T10:00:00Z", NOW))).toBe(Date.UTC(2026, 10, 21, 10));
    expect(value(parseTime("2026-11-21t10:00:00.25z", NOW))).toBe(Date.UTC(2026, 10, 21, 10, 0, 0, 250));
    expect(value(parseTime("2026-11-21T12:00:00+02:00", NOW))).toBe(Date.UTC(2026, 10, 21, 10));
    expect(value(parseTime("2026-11-21 09:30:00-00:30", NOW))).toBe(Date.UTC(2026, 10, 21, 10));
    expect(value(parseTime("2016-12-31T23:59:60Z", NOW))).toBe(Date.UTC(2016, 11, 31, 23, 59, 59, 999));
    expect(value(parseTime("2026-11-21T10:00:00.123456789Z", NOW))).toBe(
      Date.UTC(2026, 10, 21, 10, 0, 0, 123),
    );
  });

  it("refuses impossible and malformed times with a message", () => {
    for (const text of [
      "2026-02-30T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-11-21T24:00:00Z",
      "2026-11-21T10:00:00",
      "2026-11-21",
      "yesterday",
      "now-",
      "now-5",
      "1969-12-31T23:59:59Z",
      "2026-11-21T10:00:00+24:00",
    ]) {
      const parsed = parseTime(text, NOW);
      expect(parsed.ok, text).toBe(false);
    }
    expect(parseTime("1969-12-31T23:59:59Z", NOW)).toEqual({
      ok: false,
      message: '"1969-12-31T23:59:59Z" is before 1970-01-01',
    });
  });
});

describe("resolveTimeRange", () => {
  it("accepts a range and refuses one that ends before it starts or is too long", () => {
    expect(resolveTimeRange("now-15m", "now", NOW, 86_400_000)).toEqual({
      ok: true,
      range: { fromMs: NOW - 900_000, toMs: NOW },
    });
    const backwards = resolveTimeRange("now", "now-1h", NOW, 86_400_000);
    expect(backwards.ok).toBe(false);
    expect(!backwards.ok && backwards.problem.message).toMatch(/must be before to/);
    const long = resolveTimeRange("now-2d", "now", NOW, 86_400_000);
    expect(!long.ok && long.problem).toEqual({ field: "from", message: "the range is longer than 1 days" });
    const bad = resolveTimeRange("now", "later", NOW, 86_400_000);
    expect(!bad.ok && bad.problem.field).toBe("to");
  });

  it("widens a range to whole minutes for rollups", () => {
    expect(minuteWindow({ fromMs: 90_000, toMs: 150_001 })).toEqual({ fromMs: 60_000, toMs: 180_000 });
  });
});
