/**
 * Envoy's stream idle timeout and request timeout, as the router applies them:
 * - a stream with no activity (response headers, or body bytes in either direction) for the idle timeout
 *   ends: 408 when no response has started, otherwise a reset. The route's `idle_timeout` replaces the
 *   connection manager's `stream_idle_timeout` (5 minutes when unset); 0 in the one that applies means none;
 * - the connection manager's `request_timeout` (0 = none) bounds the time until the whole request has
 *   arrived; a response that starts first disarms it.
 * Pure: the router keeps the time of the last activity and asks when to look again, so activity costs one
 * clock read instead of re-arming a timer per chunk.
 */
import { MAX_TIMER_MS, timerLimitMs } from "./stream-timeout";

/** The idle timeout that applies to a request on this route; 0 means none. */
export function effectiveIdleTimeoutMs(connectionManagerMs: number, routeMs: number | undefined): number {
  return timerLimitMs(routeMs ?? connectionManagerMs);
}

/**
 * Whether the idle timer could end the stream before the route timeout or the stream deadline does. Both
 * count from the start and activity only moves the idle deadline later, so a route timeout or deadline no
 * longer than the idle timeout always comes first; the router then arms no idle timer at all.
 */
export function idleTimerNeeded(
  idleMs: number,
  routeTimeoutMs: number,
  streamDeadlineMs: number | undefined,
): boolean {
  if (idleMs <= 0) return false;
  if (routeTimeoutMs > 0 && routeTimeoutMs <= idleMs) return false;
  return streamDeadlineMs === undefined || streamDeadlineMs > idleMs;
}

/** When the idle timer fires: 0 if the stream has been idle for the whole timeout, else how long to wait. */
export function idleRemainingMs(lastActivityMs: number, nowMs: number, idleMs: number): number {
  const remaining = lastActivityMs + idleMs - nowMs;
  return remaining <= 0 ? 0 : Math.ceil(remaining);
}

/** The request timeout left when the router starts, after a fault delay; undefined for none. */
export function requestTimeoutLeftMs(requestTimeoutMs: number, elapsedMs: number): number | undefined {
  if (requestTimeoutMs <= 0 || requestTimeoutMs > MAX_TIMER_MS) return undefined;
  return Math.max(0, requestTimeoutMs - elapsedMs);
}
