const NANOS_PER_MINUTE = 60_000_000_000n;

/** The start of the minute holding a unix-nanosecond time, as unix milliseconds. */
export function minuteOf(unixNanos: bigint): number {
  return Number(unixNanos / NANOS_PER_MINUTE) * 60_000;
}

/** The minute holding the middle of an interval; `startNs` of 0 (unknown) means the interval is just `endNs`. */
export function minuteOfInterval(startNs: bigint, endNs: bigint): number {
  return minuteOf(startNs > 0n && startNs <= endNs ? (startNs + endNs) / 2n : endNs);
}
