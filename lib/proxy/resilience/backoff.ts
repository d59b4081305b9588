import type { RetryBackoff } from "../config/route-model";
import type { Random } from "../util/random";

/**
 * Exponential back-off with full jitter: retry k (1-based) waits a uniformly random time in
 * [0, min(max, base × 2^(k-1))). Full jitter spreads retries from many clients instead of letting them
 * arrive in synchronized waves. Whole milliseconds.
 */
export function backoffDelayMs(retry: number, backoff: RetryBackoff, random: Random): number {
  return Math.floor(random() * backoffCeilingMs(retry, backoff));
}

/** The upper bound (exclusive) of retry k's delay. */
export function backoffCeilingMs(retry: number, backoff: RetryBackoff): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 52);
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
}
