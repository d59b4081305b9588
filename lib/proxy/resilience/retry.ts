/** Whether and when to retry an upstream attempt, with Envoy's retry_on semantics. */
import type { RetryOn, RetryPolicy } from "../config/route-model";
import { matchHeader } from "../routing/matchers";
import type { RequestHeaders } from "../routing/request";
import type { Random } from "../util/random";
import { backoffDelayMs } from "./backoff";

export type AttemptOutcome =
  | {
      readonly kind: "response";
      readonly status: number;
      /** grpc-status from headers or trailers, when the response is gRPC. */
      readonly grpcStatus?: number;
      readonly headers?: RequestHeaders;
    }
  | { readonly kind: "connect_failure" }
  /** The upstream reset or closed the stream before a complete response. */
  | { readonly kind: "reset" }
  | { readonly kind: "refused_stream" }
  | { readonly kind: "per_try_timeout" };

const GRPC_CONDITIONS: ReadonlyMap<number, RetryOn> = new Map<number, RetryOn>([
  [1, "cancelled"],
  [4, "deadline-exceeded"],
  [8, "resource-exhausted"],
  [13, "internal"],
  [14, "unavailable"],
]);

export function isRetriable(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
  const on = policy.retryOn;
  // Envoy counts every failure without a response as a "5xx" (and as a gateway error).
  const noResponse = on.has("5xx") || on.has("gateway-error") || on.has("reset");
  switch (outcome.kind) {
    case "connect_failure":
      return noResponse || on.has("connect-failure");
    case "refused_stream":
      return noResponse || on.has("refused-stream");
    case "reset":
    case "per_try_timeout":
      return noResponse;
    case "response": {
      const { status } = outcome;
      if (on.has("5xx") && status >= 500 && status <= 599) return true;
      if (on.has("gateway-error") && (status === 502 || status === 503 || status === 504)) return true;
      if (on.has("retriable-4xx") && status === 409) return true;
      if (on.has("retriable-status-codes") && policy.retriableStatusCodes.includes(status)) return true;
      const grpc = outcome.grpcStatus === undefined ? undefined : GRPC_CONDITIONS.get(outcome.grpcStatus);
      if (grpc !== undefined && on.has(grpc)) return true;
      const headers = outcome.headers;
      if (headers && policy.retriableHeaders.length > 0) {
        const response = { authority: "", path: "", method: "", headers };
        return policy.retriableHeaders.some((m) => matchHeader(m, response));
      }
      return false;
    }
  }
}

export interface RetryInput {
  readonly policy: RetryPolicy;
  readonly outcome: AttemptOutcome;
  /** Retries already made for this request (0 after the first attempt). */
  readonly retriesSoFar: number;
  /** Whether the cluster's circuit breaker (max_retries or retry budget) admits another retry. */
  readonly retryAdmitted: boolean;
  readonly startedAtMs: number;
  readonly nowMs: number;
  /** The route timeout; 0 means none. */
  readonly routeTimeoutMs: number;
  readonly random: Random;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | {
      readonly retry: false;
      readonly reason: "not_retriable" | "retries_exhausted" | "overflow" | "no_time_left";
    };

export function decideRetry(input: RetryInput): RetryDecision {
  if (!isRetriable(input.policy, input.outcome)) return { retry: false, reason: "not_retriable" };
  if (input.retriesSoFar >= input.policy.numRetries) return { retry: false, reason: "retries_exhausted" };
  if (!input.retryAdmitted) return { retry: false, reason: "overflow" };
  const delayMs = backoffDelayMs(input.retriesSoFar + 1, input.policy.backoff, input.random);
  if (input.routeTimeoutMs > 0 && input.nowMs + delayMs >= input.startedAtMs + input.routeTimeoutMs) {
    return { retry: false, reason: "no_time_left" };
  }
  return { retry: true, delayMs };
}

/**
 * The timeout for the next attempt: the per-try timeout, cut to what is left of the route timeout.
 * 0 means no limit at all.
 */
export function attemptTimeoutMs(
  perTryTimeoutMs: number,
  routeTimeoutMs: number,
  startedAtMs: number,
  nowMs: number,
): number {
  const remaining = routeTimeoutMs > 0 ? Math.max(1, startedAtMs + routeTimeoutMs - nowMs) : 0;
  if (perTryTimeoutMs > 0 && remaining > 0) return Math.min(perTryTimeoutMs, remaining);
  return perTryTimeoutMs > 0 ? perTryTimeoutMs : remaining;
}
