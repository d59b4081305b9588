/**
 * The router's upstream part for one request: pick a host, pass the circuit breaker, send the attempt,
 * and retry (with back-off, budget and per-try timeout) until a response is worth relaying or the route
 * timeout ends it; then relay the response with its trailers. Each attempt's result feeds outlier detection.
 */
import type { HeaderMutation, RetryPolicy } from "../config/route-model";
import type { MutableHeaders } from "../http/headers";
import type { Admission } from "../resilience/circuit-breaker";
import { idleTimerNeeded } from "../resilience/idle-timeout";
import { type AttemptOutcome, decideRetry, isRetriable } from "../resilience/retry";
import { expectedTimeoutMs } from "../routing/router-headers";
import type { ClusterRuntime } from "../runtime/cluster-runtime";
import { type AttemptResult, startAttempt } from "../upstream/attempt";
import type { BodyTee } from "../upstream/body-tee";
import type { UpstreamPool } from "../upstream/pool";
import type { Clock, Random } from "../util/random";
import { ActivityTimers } from "./activity-timers";
import { admitAttempt } from "./attempt-admission";
import { hostForAttempt, type TriedHosts } from "./attempt-host";
import { countAttempt, judgeAttempt } from "./attempt-verdict";
import type { Exchange } from "./exchange";
import { type LocalReason, sendLocalReply } from "./local-reply";
import { relayResponse } from "./relay";

const EXPECTED_TIMEOUT_HEADER = "x-envoy-expected-rq-timeout-ms";

export interface ForwardRequest {
  readonly ex: Exchange;
  readonly cluster: ClusterRuntime;
  readonly pool: UpstreamPool;
  readonly protocol: "h1" | "h2";
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  readonly headers: MutableHeaders;
  readonly body: BodyTee | undefined;
  readonly hash: number | undefined;
  /** Route timeout; 0 means none. */
  readonly timeoutMs: number;
  /** Time left to the stream's deadline (max_stream_duration, grpc-timeout); absent for none. */
  readonly streamDeadlineMs?: number;
  /** Stream idle timeout (the route's idle_timeout, else the connection manager's); 0 or absent: none. */
  readonly idleTimeoutMs?: number;
  /** Time left to receive the whole request (the connection manager's request_timeout); absent: none. */
  readonly requestTimeoutMs?: number;
  readonly retry: RetryPolicy | undefined;
  /** What a route timeout answers: 504, or 204 when the request asked for it (Envoy's alt response). */
  readonly timeoutStatus?: 204 | 504;
  /** Add x-envoy-upstream-service-time to responses (the router's suppress_envoy_headers is off). */
  readonly envoyHeaders: boolean;
  readonly includeAttemptCount: boolean;
  /** Most specific first, as Envoy applies them. */
  readonly responseMutations: readonly HeaderMutation[];
}

export interface ForwardResult {
  /** Status sent downstream; 0 when the client went away first. */
  readonly status: number;
  readonly errorType?: string;
  readonly retries: number;
  readonly host?: string;
  readonly grpcStatus?: number;
}

export interface ForwardEnv {
  readonly random: Random;
  readonly clock: Clock;
}

export function forward(
  request: ForwardRequest,
  env: ForwardEnv,
  done: (result: ForwardResult) => void,
): void {
  new ForwardCall(request, env, done).start();
}

class ForwardCall implements TriedHosts {
  private retries = 0;
  private finished = false;
  private abortAttempt: (() => void) | undefined;
  private routeTimer: NodeJS.Timeout | undefined;
  private streamTimer: NodeJS.Timeout | undefined;
  /** Only for requests with an idle or request timeout that could fire (most have none). */
  private timers: ActivityTimers | undefined;
  lastHost: string | undefined;
  triedHosts: Set<string> | undefined;
  /** The host of the attempt in flight, if any (a route timeout counts against it). */
  private attemptHost: string | undefined;
  /** When the current attempt was sent (x-envoy-upstream-service-time). */
  private attemptStartedAt = 0;
  private readonly startedAt: number;

  constructor(
    private readonly req: ForwardRequest,
    private readonly env: ForwardEnv,
    private readonly done: (result: ForwardResult) => void,
  ) {
    this.startedAt = env.clock();
  }

  start(): void {
    this.req.ex.onAbort(() => {
      // Finish first: aborting reports the attempt's end synchronously, and it must find the call over.
      this.finish({ status: 0, errorType: "downstream_disconnect", retries: this.retries });
      this.abortAttempt?.();
    });
    if (this.req.timeoutMs > 0) {
      this.routeTimer = setTimeout(() => this.onRouteTimeout(), this.req.timeoutMs);
    }
    const deadlineMs = this.req.streamDeadlineMs;
    if (deadlineMs !== undefined)
      this.streamTimer = setTimeout(() => this.onStreamDeadline(deadlineMs), deadlineMs);
    const idleMs = this.req.idleTimeoutMs ?? 0;
    const body = this.req.body;
    if (idleTimerNeeded(idleMs, this.req.timeoutMs, deadlineMs))
      this.activityTimers().watchStream(idleMs, this.startedAt, body, () => this.onStreamIdle(idleMs));
    const requestMs = this.req.requestTimeoutMs;
    if (requestMs !== undefined && body && !body.complete)
      this.activityTimers().watchRequest(requestMs, body, () => this.onRequestTimeout(requestMs));
    this.tryOnce(undefined);
  }

  private tryOnce(retryAdmission: Admission | undefined): void {
    const { cluster } = this.req;
    const host = hostForAttempt(cluster, this.req.hash, this.req.retry, this);
    if (!host) {
      retryAdmission?.ok && retryAdmission.release();
      cluster.counters.noHealthyUpstream.value += 1;
      this.local(503, "no_healthy_upstream", `no healthy endpoint in cluster ${cluster.name}`);
      return;
    }
    const admitted = admitAttempt(cluster, this.req.protocol);
    if (!admitted.ok) {
      retryAdmission?.ok && retryAdmission.release();
      const overloaded = { "x-envoy-overloaded": "true" };
      this.local(503, "circuit_breaker_open", `${admitted.reason} for cluster ${cluster.name}`, overloaded);
      return;
    }
    const { requests: admission, pending } = admitted;
    const key = host.key;
    this.lastHost = key;
    this.attemptHost = key;
    if (this.req.envoyHeaders) this.markEnvoyAttempt();
    cluster.requestStarted(key);
    cluster.counters.requests.value += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      admission.release();
      if (pending?.ok) pending.release();
      if (retryAdmission?.ok) retryAdmission.release();
      cluster.requestEnded(key);
    };
    const headers = this.req.includeAttemptCount
      ? { ...this.req.headers, "x-envoy-attempt-count": String(this.retries + 1) }
      : this.req.headers;
    let perTryTimedOut = false;
    let perTryTimer: NodeJS.Timeout | undefined;
    const attempt = startAttempt(
      {
        protocol: this.req.protocol,
        address: host.endpoint.address,
        port: host.endpoint.port,
        method: this.req.method,
        path: this.req.path,
        authority: this.req.authority,
        scheme: "http",
        headers,
        body: this.req.body,
        connectTimeoutMs: cluster.config.connectTimeoutMs,
      },
      this.req.pool,
      (result) => {
        clearTimeout(perTryTimer);
        if (result.kind !== "response") this.timers?.stopAttempt();
        this.attemptHost = undefined;
        if (this.finished) {
          if (result.kind === "response") result.body.destroy();
          release();
          return;
        }
        this.onResult(result, perTryTimedOut, key, release);
      },
    );
    this.abortAttempt = attempt.abort;
    if (released) return;
    const perTryMs = this.req.retry?.perTryTimeoutMs ?? 0;
    if (perTryMs > 0) {
      perTryTimer = setTimeout(() => {
        perTryTimedOut = true;
        attempt.abort();
      }, perTryMs);
    }
    // Envoy's per_try_idle_timeout: the attempt must keep making progress (response headers, then body
    // chunks). Quiet before its response, it ends as a per-try timeout (which may be retried); quiet while
    // its response is being relayed, the stream is reset.
    const tryIdleMs = this.req.retry?.perTryIdleTimeoutMs ?? 0;
    if (tryIdleMs > 0)
      this.activityTimers().watchAttempt(tryIdleMs, () => {
        if (this.finished) return;
        if (!this.req.ex.headersSent) {
          perTryTimedOut = true;
          attempt.abort();
          return;
        }
        cluster.counters.perTryTimeouts.value += 1;
        this.local(504, "upstream_timeout", `upstream per-try idle timeout after ${tryIdleMs} ms`);
        this.abortAttempt?.();
      });
  }

  private activityTimers(): ActivityTimers {
    this.timers ??= new ActivityTimers(this.env.clock);
    return this.timers;
  }

  private onResult(result: AttemptResult, perTryTimedOut: boolean, key: string, release: () => void): void {
    const { cluster } = this.req;
    const now = this.env.clock();
    this.timers?.responded(now);
    const verdict = judgeAttempt(result, perTryTimedOut, cluster.name);
    countAttempt(cluster.counters, result, verdict);
    cluster.recordResult(key, verdict.outlier, now);
    if (this.maybeRetry(verdict.outcome, now)) {
      this.timers?.stopAttempt();
      if (result.kind === "response") result.body.destroy();
      release();
      return;
    }
    if (result.kind === "response") {
      if (this.retries > 0) cluster.counters.retrySuccess.value += 1;
      this.relay(result, release, now);
      return;
    }
    release();
    if (!verdict.reply) return;
    // Envoy answers a per-try timeout that is not retried like the route timeout, alternative status included.
    const timedOut = verdict.outcome.kind === "per_try_timeout" && this.req.timeoutStatus !== undefined;
    const status = timedOut ? (this.req.timeoutStatus ?? 504) : verdict.reply.status;
    this.local(status, verdict.reply.reason, verdict.reply.message);
  }

  /**
   * The attempt about to start: when it began (x-envoy-upstream-service-time) and the time it has
   * (x-envoy-expected-rq-timeout-ms: the per-try timeout, capped by what is left of the route timeout).
   */
  private markEnvoyAttempt(): void {
    const now = this.env.clock();
    this.attemptStartedAt = now;
    // The first attempt is told the whole timeout, as Envoy does; a retry what is left of it.
    const elapsed = this.retries === 0 ? 0 : now - this.startedAt;
    const left = this.req.timeoutMs > 0 ? this.req.timeoutMs - elapsed : undefined;
    const expected = expectedTimeoutMs(left, this.req.retry?.perTryTimeoutMs ?? 0);
    if (expected !== undefined) this.req.headers[EXPECTED_TIMEOUT_HEADER] = String(expected);
  }

  /** Schedules a retry when the policy, the budget and the remaining time allow it. */
  private maybeRetry(outcome: AttemptOutcome, now: number): boolean {
    const policy = this.req.retry;
    const { cluster, body, ex } = this.req;
    if (!policy || ex.closed || this.retries >= policy.numRetries || !isRetriable(policy, outcome))
      return false;
    if (body && !body.replayable) return false;
    const admission = cluster.breaker.tryAcquire("retries");
    const decision = decideRetry({
      policy,
      outcome,
      retriesSoFar: this.retries,
      retryAdmitted: admission.ok,
      startedAtMs: this.startedAt,
      nowMs: now,
      routeTimeoutMs: this.req.timeoutMs,
      random: this.env.random,
    });
    if (!decision.retry) {
      if (admission.ok) admission.release();
      if (decision.reason === "overflow") cluster.counters.retryOverflow.value += 1;
      return false;
    }
    this.retries += 1;
    cluster.counters.retries.value += 1;
    body?.detach();
    const timer = setTimeout(() => {
      if (this.finished || ex.closed) {
        if (admission.ok) admission.release();
        return;
      }
      this.tryOnce(admission);
    }, decision.delayMs);
    this.abortAttempt = () => clearTimeout(timer);
    return true;
  }

  private relay(
    result: Extract<AttemptResult, { kind: "response" }>,
    release: () => void,
    now: number,
  ): void {
    if (this.req.ex.closed) {
      result.body.destroy();
      release();
      return;
    }
    this.timers?.responseStarted();
    const serviceTimeMs = this.req.envoyHeaders
      ? Math.max(0, Math.floor(now - this.attemptStartedAt))
      : undefined;
    this.abortAttempt = relayResponse(
      this.req.ex,
      result,
      this.req.responseMutations,
      serviceTimeMs,
      (outcome) => {
        release();
        if (outcome.reset) this.req.cluster.counters.resets.value += 1;
        this.finish({
          status: result.status,
          retries: this.retries,
          ...(outcome.reset && { errorType: "upstream_reset" }),
          ...(outcome.grpcStatus !== undefined && { grpcStatus: outcome.grpcStatus }),
        });
      },
      this.timers?.chunkHook(),
    );
  }

  private onStreamIdle(idleMs: number): void {
    if (this.finished) return;
    this.local(408, "stream_idle_timeout", `stream idle for ${idleMs} ms`, this.closeIfBodyUnread());
    this.abortAttempt?.();
  }

  private onRequestTimeout(timeoutMs: number): void {
    if (this.finished || this.req.ex.headersSent) return;
    this.local(
      408,
      "request_timeout",
      `the whole request did not arrive within ${timeoutMs} ms`,
      this.closeIfBodyUnread(),
    );
    this.abortAttempt?.();
  }

  /** An HTTP/1.1 connection whose request body is still arriving cannot carry another request soon. */
  private closeIfBodyUnread(): Record<string, string> | undefined {
    const body = this.req.body;
    return body && !body.complete ? { connection: "close" } : undefined;
  }

  private onRouteTimeout(): void {
    if (this.finished) return;
    const { cluster } = this.req;
    cluster.counters.timeouts.value += 1;
    // As in Envoy, the host that did not answer in time counts a timeout for outlier detection.
    const host = this.attemptHost;
    if (host !== undefined) cluster.recordResult(host, { kind: "timeout" }, this.env.clock());
    const status = this.req.timeoutStatus ?? 504;
    this.local(status, "upstream_timeout", `upstream request timeout after ${this.req.timeoutMs} ms`);
    this.abortAttempt?.();
  }

  /** The client's deadline or the route's stream cap, not the host's fault: no outlier or timeout count. */
  private onStreamDeadline(deadlineMs: number): void {
    if (this.finished) return;
    this.local(504, "upstream_timeout", `stream deadline reached after ${deadlineMs} ms`);
    this.abortAttempt?.();
  }

  private local(
    status: number,
    reason: LocalReason,
    message: string,
    headers?: Record<string, string>,
  ): void {
    if (this.finished) return;
    const { ex } = this.req;
    const wasSent = ex.headersSent;
    sendLocalReply(ex, status, reason, message, headers ? { headers } : {});
    this.finish({ status: wasSent ? 0 : status, errorType: reason, retries: this.retries });
  }

  private finish(result: ForwardResult): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.routeTimer);
    clearTimeout(this.streamTimer);
    this.timers?.stop();
    this.req.body?.discard();
    this.done(result);
  }
}
