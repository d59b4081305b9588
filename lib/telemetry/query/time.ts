// Time and duration parameters of the query API: RFC 3339 timestamps ("2026-11-21T10:00:00Z",
// "2026-11-21T12:00:00.5+02:00") and expressions relative to now ("now", "now-15m", "now-1h30m", "now+5m");
// durations like "250ms", "1.5s", "15m", "1h30m", "2d", "1w". Pure: "now" is passed in.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86_400e9,
  w: 604_800e9,
};
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/g;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const RELATIVE = /^now(?:([+-])(.+))?$/;
/** Dates the API reasons about: from 1970 to the end of 9999. */
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A duration in nanoseconds (as a number: exact up to about 104 days, plenty for filters and steps). */
export function parseDuration(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed))
    return { ok: false, message: `"${text}" is not a duration; use e.g. 250ms, 1.5s, 15m, 1h30m, 2d` };
  let ns = 0;
  for (const [, amount, unit] of trimmed.matchAll(DURATION_PART)) ns += Number(amount) * UNIT_NS[unit!]!;
  return { ok: true, value: Math.round(ns) };
}

/** A point in time as Unix milliseconds. */
export function parseTime(text: string, nowMs: number): Parsed<number> {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative !== null) {
    const [, sign, amount] = relative;
    if (sign === undefined) return { ok: true, value: nowMs };
    const duration = parseDuration(amount ?? "");
    if (!duration.ok) return { ok: false, message: `"${text}": ${duration.message}` };
    const offsetMs = duration.value / 1e6;
    return checked(sign === "-" ? nowMs - offsetMs : nowMs + offsetMs, text);
  }
  const match = RFC3339.exec(trimmed);
  if (match === null)
    return {
      ok: false,
      message: `"${text}" is neither RFC 3339 (2026-11-21T10:00:00Z) nor relative (now-15m)`,
    };
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60)
    return { ok: false, message: `"${text}" is not a valid date and time` };
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const [zh, zm] = zone!.slice(1).split(":").map(Number) as [number, number];
    if (zh > 23 || zm > 59) return { ok: false, message: `"${text}" has an invalid UTC offset` };
    offsetMinutes = (zone!.startsWith("-") ? -1 : 1) * (zh * 60 + zm);
  }
  // A leap second (:60) counts as the last moment of its minute.
  const ms =
    Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) +
    (second === 60 ? 999 : Math.floor(Number(`0${fraction ?? ""}`) * 1000)) -
    offsetMinutes * 60_000;
  return checked(ms, text);
}

function checked(ms: number, text: string): Parsed<number> {
  if (!Number.isFinite(ms) || ms < 0) return { ok: false, message: `"${text}" is before 1970-01-01` };
  if (ms > MAX_MS) return { ok: false, message: `"${text}" is after the year 9999` };
  return { ok: true, value: ms };
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface RangeProblem {
  field: "from" | "to";
  message: string;
}

/** Parses from / to and checks that they make a range no longer than maxRangeMs. */
export function resolveTimeRange(
  from: string,
  to: string,
  nowMs: number,
  maxRangeMs: number,
): { ok: true; range: TimeRange } | { ok: false; problem: RangeProblem } {
  const parsedFrom = parseTime(from, nowMs);
  if (!parsedFrom.ok) return { ok: false, problem: { field: "from", message: parsedFrom.message } };
  const parsedTo = parseTime(to, nowMs);
  if (!parsedTo.ok) return { ok: false, problem: { field: "to", message: parsedTo.message } };
  const fromMs = parsedFrom.value;
  const toMs = parsedTo.value;
  if (fromMs >= toMs)
    return {
      ok: false,
      problem: { field: "from", message: `from (${iso(fromMs)}) must be before to (${iso(toMs)})` },
    };
  if (toMs - fromMs > maxRangeMs) {
    const days = Math.round(maxRangeMs / 86_400_000);
    return { ok: false, problem: { field: "from", message: `the range is longer than ${days} days` } };
  }
  return { ok: true, range: { fromMs, toMs } };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The whole minutes a range touches, for rollups: [from rounded down, to rounded up). */
export function minuteWindow(range: TimeRange): TimeRange {
  return {
    fromMs: Math.floor(range.fromMs / 60_000) * 60_000,
    toMs: Math.ceil(range.toMs / 60_000) * 60_000,
  };
}
