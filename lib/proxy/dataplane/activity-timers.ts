/**
 * The router's activity timers for one request, the ones that are not a fixed deadline: the stream idle
 * timeout (nothing moved in either direction), the request timeout (the whole request has not arrived) and
 * the current attempt's idle timeout (its response made no progress). Activity records the time only; a
 * timer that fires early looks again at what is left (lib/proxy/resilience/idle-timeout.ts). What an expiry
 * means is the caller's: each watch takes the callback to run.
 */
import { idleRemainingMs } from "../resilience/idle-timeout";
import type { BodyTee } from "../upstream/body-tee";
import type { Clock } from "../util/random";

export class ActivityTimers {
  private streamTimer: NodeJS.Timeout | undefined;
  private requestTimer: NodeJS.Timeout | undefined;
  private attemptTimer: NodeJS.Timeout | undefined;
  /** Last request or response headers or body chunk. */
  private lastActivity = 0;
  /** Last response headers or body chunk of the current attempt. */
  private lastProgress = 0;

  constructor(private readonly clock: Clock) {}

  /** Stream idle timeout from `since`: request body chunks count, and whatever `responded`/`chunk` report. */
  watchStream(idleMs: number, since: number, body: BodyTee | undefined, expired: () => void): void {
    this.lastActivity = since;
    const check = () => {
      const wait = idleRemainingMs(this.lastActivity, this.clock(), idleMs);
      if (wait > 0) this.streamTimer = setTimeout(check, wait);
      else expired();
    };
    this.streamTimer = setTimeout(check, idleMs);
    if (body) body.onChunk = () => this.touch();
  }

  /** Request timeout: fires unless the body ends (or `responseStarted` is called) first. */
  watchRequest(timeoutMs: number, body: BodyTee, expired: () => void): void {
    this.requestTimer = setTimeout(expired, timeoutMs);
    body.onEnd = () => clearTimeout(this.requestTimer);
  }

  /** The current attempt's idle timeout, from now; replaces the previous attempt's. */
  watchAttempt(idleMs: number, expired: () => void): void {
    clearTimeout(this.attemptTimer);
    this.lastProgress = this.clock();
    const check = () => {
      const wait = idleRemainingMs(this.lastProgress, this.clock(), idleMs);
      if (wait > 0) this.attemptTimer = setTimeout(check, wait);
      else {
        this.attemptTimer = undefined;
        expired();
      }
    };
    this.attemptTimer = setTimeout(check, idleMs);
  }

  /** The attempt ended without a response to relay, or is being retried. */
  stopAttempt(): void {
    clearTimeout(this.attemptTimer);
    this.attemptTimer = undefined;
  }

  /** Response headers arrived (activity for both idle timers). */
  responded(now: number): void {
    this.lastActivity = now;
    this.lastProgress = now;
  }

  /** A response is being relayed: the request timeout no longer applies (Envoy disarms it there too). */
  responseStarted(): void {
    clearTimeout(this.requestTimer);
  }

  /** What the relay calls per response chunk; undefined when no idle timer would care. */
  chunkHook(): (() => void) | undefined {
    return this.streamTimer === undefined && this.attemptTimer === undefined ? undefined : () => this.touch();
  }

  stop(): void {
    clearTimeout(this.streamTimer);
    clearTimeout(this.requestTimer);
    clearTimeout(this.attemptTimer);
  }

  private touch(): void {
    const now = this.clock();
    this.lastActivity = now;
    this.lastProgress = now;
  }
}
