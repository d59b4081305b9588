/**
 * The console's time range and refresh, as they live in the URL (`from=now-1h&to=now&refresh=30s`), so a
 * link shares exactly what its sender saw. Times are `now`, `now-<duration>` (`now-15m`, `now-1h30m`; the
 * query API's forms) or RFC 3339.
 * Everything here is pure: the current time is passed in.
 */

export const REFRESH_OPTIONS = ["off", "5s", "30s"] as const;
export type RefreshOption = (typeof REFRESH_OPTIONS)[number];

export interface RangePreset {
  label: string;
  from: string;
}

export const RANGE_PRESETS: readonly RangePreset[] = [
  { label: "Last 5 minutes", from: "now-5m" },
  { label: "Last 15 minutes", from: "now-15m" },
  { label: "Last 1 hour", from: "now-1h" },
  { label: "Last 6 hours", from: "now-6h" },
  { label: "Last 24 hours", from: "now-24h" },
  { label: "Last 7 days", from: "now-7d" },
];

export const DEFAULT_RANGE = { from: "now-1h", to: "now" } as const;

/** The query API's own bound on a range. */
export const MAX_RANGE_MS = 400 * 86_400_000;

export interface RangeParams {
  from: string;
  to: string;
  refresh: RefreshOption;
  /** Auto-refresh paused (the interval is kept so "resume" knows what to go back to). */
  paused: boolean;
}

export type ResolvedRange = { ok: true; fromMs: number; toMs: number } | { ok: false; message: string };

const UNIT_MS: Record<string, number> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

// The same forms the query API accepts: "now-15m", "now-1h30m", "now+5m".
const DURATION = /^(?:\d{1,9}(?:\.\d{1,9})?(?:us|µs|ms|s|m|h|d|w))+$/;
const DURATION_PART = /(\d{1,9}(?:\.\d{1,9})?)(us|µs|ms|s|m|h|d|w)/g;
const RELATIVE = /^now(?:([+-])(.+))?$/;

/** A duration such as "250ms", "1.5s", "15m", "1h30m", "2d" in milliseconds, or null. */
export function parseDurationText(text: string): number | null {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return null;
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(DURATION_PART))
    ms += Number(amount) * (UNIT_MS[unit ?? ""] ?? 0);
  return ms;
}
// RFC 3339: a date, a time and a zone; fractional seconds optional.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch for one time expression, or null when it is not one. */
export function parseTimeExpression(text: string, nowMs: number): number | null {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative) {
    const [, sign, amount] = relative;
    if (sign === undefined || amount === undefined) return nowMs;
    const offset = parseDurationText(amount);
    if (offset === null) return null;
    return sign === "-" ? nowMs - offset : nowMs + offset;
  }
  if (!RFC3339.test(trimmed)) return null;
  const ms = Date.parse(trimmed.replace(" ", "T"));
  return Number.isFinite(ms) ? ms : null;
}

export function isRelative(text: string): boolean {
  return RELATIVE.test(text.trim()) && parseTimeExpression(text, 0) !== null;
}

/** Absolute bounds for a range, or a message that says what to fix. */
export function resolveRange(params: Pick<RangeParams, "from" | "to">, nowMs: number): ResolvedRange {
  const fromMs = parseTimeExpression(params.from, nowMs);
  if (fromMs === null) return { ok: false, message: unrecognised("from", params.from) };
  const toMs = parseTimeExpression(params.to, nowMs);
  if (toMs === null) return { ok: false, message: unrecognised("to", params.to) };
  if (fromMs >= toMs) {
    return { ok: false, message: `"from" (${params.from}) must be before "to" (${params.to})` };
  }
  if (toMs - fromMs > MAX_RANGE_MS) {
    return { ok: false, message: "the range is longer than 400 days" };
  }
  return { ok: true, fromMs, toMs };
}

function unrecognised(name: string, value: string): string {
  return `"${name}" is not a time: "${value}". Use now, now-15m, now-1h30m, now-7d or an RFC 3339 time such as 2026-01-31T12:00:00Z`;
}

function isRefreshOption(value: string | null): value is RefreshOption {
  return value !== null && (REFRESH_OPTIONS as readonly string[]).includes(value);
}

/** Reads the range from URL parameters; anything missing or unknown falls back to the default. */
export function readRangeParams(params: { get(name: string): string | null }): RangeParams {
  const refresh = params.get("refresh");
  return {
    from: params.get("from") || DEFAULT_RANGE.from,
    to: params.get("to") || DEFAULT_RANGE.to,
    refresh: isRefreshOption(refresh) ? refresh : "off",
    paused: params.get("paused") === "1",
  };
}

/**
 * New URL parameters with the range changed and everything else kept. Defaults are left out so that
 * plain links stay short.
 */
export function writeRangeParams(current: string, patch: Partial<RangeParams>): string {
  const params = new URLSearchParams(current);
  const set = (name: string, value: string | undefined, fallback: string) => {
    if (value === undefined) return;
    if (value === fallback) params.delete(name);
    else params.set(name, value);
  };
  set("from", patch.from, DEFAULT_RANGE.from);
  set("to", patch.to, DEFAULT_RANGE.to);
  set("refresh", patch.refresh, "off");
  if (patch.paused !== undefined) set("paused", patch.paused ? "1" : "0", "0");
  return params.toString();
}

/** Milliseconds between refreshes, or false when off or paused (React Query's `refetchInterval`). */
export function refreshIntervalMs(params: Pick<RangeParams, "refresh" | "paused">): number | false {
  if (params.paused || params.refresh === "off") return false;
  return params.refresh === "5s" ? 5_000 : 30_000;
}

const NICE_STEPS_S = [60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400];

/**
 * Chart step in seconds: about `points` points over the range, never finer than the one-minute rollups,
 * rounded up to a step people recognise.
 */
export function chooseStepSeconds(fromMs: number, toMs: number, points = 120): number {
  const raw = (toMs - fromMs) / 1000 / points;
  return NICE_STEPS_S.find((step) => step >= raw) ?? 86_400;
}

/** "Last 1 hour" for a preset, otherwise both ends as written. */
export function describeRange(params: Pick<RangeParams, "from" | "to">): string {
  if (params.to === "now") {
    const preset = RANGE_PRESETS.find((candidate) => candidate.from === params.from);
    if (preset) return preset.label;
    const relative = RELATIVE.exec(params.from);
    if (relative?.[1] === "-" && relative[2] !== undefined) return `Last ${relative[2]}`;
  }
  return `${params.from} → ${params.to}`;
}

/** `<input type="datetime-local">` value (local time, minutes) for an instant. */
export function toDateTimeLocal(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The RFC 3339 (UTC) form of a `datetime-local` value, or null when it is empty or invalid. */
export function fromDateTimeLocal(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
