/**
 * Durations in the mesh config are strings such as "250ms", "1.5s", "2m" or "1m30s" (Go-style: one or
 * more number+unit pairs, units h, m, s, ms). They are parsed exactly, digit by digit, into whole seconds
 * and nanoseconds so that "0.1s" becomes 100 000 000 ns and never 99 999 999.999.
 */

export interface Duration {
  /** Whole seconds, >= 0. */
  seconds: number;
  /** Nanoseconds within the second, 0..999 999 999. */
  nanos: number;
}

export const DURATION_MAX_LENGTH = 32;

const NANOS_PER_UNIT: Record<string, bigint> = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
};

// "ms" must be tried before "m" and "s".
const PART = /(\d+)(?:\.(\d+))?(ms|h|m|s)/y;

/** Parses a duration string; returns null when it is not one. */
export function parseDuration(text: string): Duration | null {
  if (text.length === 0 || text.length > DURATION_MAX_LENGTH) return null;
  let total = 0n;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (!match) return null;
    const [, whole = "0", fraction = "", unit = "s"] = match;
    const perUnit = NANOS_PER_UNIT[unit];
    if (perUnit === undefined) return null;
    const scale = 10n ** BigInt(fraction.length);
    const fractionNanos = fraction.length > 0 ? (BigInt(fraction) * perUnit) / scale : 0n;
    // Sub-nanosecond remainders cannot be represented in a protobuf Duration: reject them.
    if (fraction.length > 0 && (BigInt(fraction) * perUnit) % scale !== 0n) return null;
    total += BigInt(whole) * perUnit + fractionNanos;
  }
  return {
    seconds: Number(total / 1_000_000_000n),
    nanos: Number(total % 1_000_000_000n),
  };
}

/** Milliseconds, possibly fractional. */
export function durationToMs(duration: Duration): number {
  return duration.seconds * 1000 + duration.nanos / 1_000_000;
}

/** Parses and converts to milliseconds; null when the text is not a duration. */
export function parseDurationMs(text: string): number | null {
  const parsed = parseDuration(text);
  return parsed === null ? null : durationToMs(parsed);
}

/** A compact human form in the largest unit that keeps the value exact: "1.5s", "250ms", "2m". */
export function formatDurationMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(6))}s`;
  return `${Number(ms.toFixed(6))}ms`;
}
