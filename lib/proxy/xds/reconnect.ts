/**
 * Delay before reconnecting to the control plane after a stream failed: exponential in the number of
 * consecutive failures, with "equal jitter" (half fixed, half random) so that many proxies that lost the
 * same control plane do not reconnect in one wave, yet none retries immediately.
 */
import type { Random } from "../util/random";

export interface ReconnectBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RECONNECT_BACKOFF: ReconnectBackoff = { baseMs: 250, maxMs: 30_000 };

/** `failures` counts consecutive failed streams, starting at 1. */
export function reconnectDelayMs(failures: number, backoff: ReconnectBackoff, random: Random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
