import { describe, expect, it } from "vitest";
import {
  chooseStepSeconds,
  describeRange,
  fromDateTimeLocal,
  parseDurationText,
  parseTimeExpression,
  readRangeParams,
  refreshIntervalMs,
  resolveRange,
  writeRangeParams,
} from "./timeRange";

const NOW = Date.parse("2026-03-10T12:00:00Z");

describe("parseTimeExpression", () => {
  it("reads now and now minus an amount of a unit", () => {
    expect(parseTimeExpression("now", NOW)).toBe(NOW);
    expect(parseTimeExpression("now-15m", NOW)).toBe(NOW - 15 * 60_000);
    expect(parseTimeExpression("now-1h", NOW)).toBe(NOW - 3_600_000);
    expect(parseTimeExpression("now-7d", NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseTimeExpression("now-2w", NOW)).toBe(NOW - 14 * 86_400_000);
    expect(parseTimeExpression(" now-30s ", NOW)).toBe(NOW - 30_000);
    expect(parseTimeExpression("now-1h30m", NOW)).toBe(NOW - 5_400_000);
    expect(parseTimeExpression("now+5m", NOW)).toBe(NOW + 300_000);
  });

  it("reads RFC 3339 times with a zone", () => {
    expect(parseTimeExpression("2026-03-10T11:00:00Z", NOW)).toBe(NOW - 3_600_000);
    expect(parseTimeExpression("2026-03-10T13:00:00+02:00", NOW)).toBe(NOW - 3_600_000);
    expect(parseTimeExpression("2026-03-10T11:59:59.500Z", NOW)).toBe(NOW - 500);
  });

  it("refuses anything else", () => {
    for (const bad of [
      "",
      "yesterday",
      "now-",
      "now-5",
      "now-5y",
      "now-m",
      "2026-03-10",
      "2026-03-10T11:00",
    ]) {
      expect(parseTimeExpression(bad, NOW)).toBeNull();
    }
  });
});

describe("parseDurationText", () => {
  it("reads the query API's durations", () => {
    expect(parseDurationText("250ms")).toBe(250);
    expect(parseDurationText("1.5s")).toBe(1_500);
    expect(parseDurationText("1h30m")).toBe(5_400_000);
    expect(parseDurationText("500us")).toBe(0.5);
    expect(parseDurationText("2d")).toBe(172_800_000);
    expect(parseDurationText("fast")).toBeNull();
    expect(parseDurationText("5")).toBeNull();
  });
});

describe("resolveRange", () => {
  it("gives absolute bounds", () => {
    expect(resolveRange({ from: "now-1h", to: "now" }, NOW)).toEqual({
      ok: true,
      fromMs: NOW - 3_600_000,
      toMs: NOW,
    });
  });

  it("says what to fix for impossible ranges", () => {
    expect(resolveRange({ from: "now", to: "now-1h" }, NOW)).toEqual({
      ok: false,
      message: '"from" (now) must be before "to" (now-1h)',
    });
    const unknown = resolveRange({ from: "last tuesday", to: "now" }, NOW);
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toMatch(
      /^"from" is not a time: "last tuesday"\. Use now, now-15m/,
    );
    expect(resolveRange({ from: "now-401d", to: "now" }, NOW)).toEqual({
      ok: false,
      message: "the range is longer than 400 days",
    });
  });
});

describe("URL parameters", () => {
  it("reads defaults and ignores unknown refresh values", () => {
    expect(readRangeParams(new URLSearchParams(""))).toEqual({
      from: "now-1h",
      to: "now",
      refresh: "off",
      paused: false,
    });
    expect(readRangeParams(new URLSearchParams("from=now-6h&refresh=30s&paused=1"))).toEqual({
      from: "now-6h",
      to: "now",
      refresh: "30s",
      paused: true,
    });
    expect(readRangeParams(new URLSearchParams("refresh=1s")).refresh).toBe("off");
  });

  it("writes only what differs from the defaults and keeps other parameters", () => {
    expect(writeRangeParams("q=cart", { from: "now-15m", refresh: "30s" })).toBe(
      "q=cart&from=now-15m&refresh=30s",
    );
    expect(writeRangeParams("from=now-15m&refresh=30s&paused=1", { from: "now-1h", paused: false })).toBe(
      "refresh=30s",
    );
  });

  it("turns refresh and pause into a refetch interval", () => {
    expect(refreshIntervalMs({ refresh: "off", paused: false })).toBe(false);
    expect(refreshIntervalMs({ refresh: "5s", paused: false })).toBe(5_000);
    expect(refreshIntervalMs({ refresh: "30s", paused: false })).toBe(30_000);
    expect(refreshIntervalMs({ refresh: "30s", paused: true })).toBe(false);
  });
});

describe("chooseStepSeconds", () => {
  it("never goes below the one-minute rollups and rounds to recognisable steps", () => {
    expect(chooseStepSeconds(NOW - 5 * 60_000, NOW)).toBe(60);
    expect(chooseStepSeconds(NOW - 3_600_000, NOW)).toBe(60);
    expect(chooseStepSeconds(NOW - 6 * 3_600_000, NOW)).toBe(300);
    expect(chooseStepSeconds(NOW - 86_400_000, NOW)).toBe(900);
    expect(chooseStepSeconds(NOW - 7 * 86_400_000, NOW)).toBe(7_200);
  });
});

describe("describeRange and datetime-local", () => {
  it("names presets and spells out other ranges", () => {
    expect(describeRange({ from: "now-1h", to: "now" })).toBe("Last 1 hour");
    expect(describeRange({ from: "now-90m", to: "now" })).toBe("Last 90m");
    expect(describeRange({ from: "2026-03-10T10:00:00Z", to: "now-5m" })).toBe(
      "2026-03-10T10:00:00Z → now-5m",
    );
  });

  it("converts datetime-local input to RFC 3339", () => {
    expect(fromDateTimeLocal("")).toBeNull();
    expect(fromDateTimeLocal("2026-03-10")).toBeNull();
    const iso = fromDateTimeLocal("2026-03-10T12:30");
    expect(iso).toBe(new Date(2026, 2, 10, 12, 30).toISOString());
  });
});
