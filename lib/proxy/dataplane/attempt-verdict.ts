/**
 * What one upstream attempt's result means, in the three vocabularies the router needs: the outcome the
 * retry policy judges, the result outlier detection records, the cluster counter it adds to, and, for an
 * attempt that got no response, the local reply that ends the request if it is not retried. Pure.
 */
import type { UpstreamResult } from "../resilience/outlier-detector";
import type { AttemptOutcome } from "../resilience/retry";
import type { ClusterCounters } from "../runtime/cluster-counters";
import type { AttemptResult } from "../upstream/attempt";
import type { LocalReason } from "./local-reply";
import { numberHeader } from "./relay";

export interface AttemptVerdict {
  readonly outcome: AttemptOutcome;
  readonly outlier: UpstreamResult;
  /** Counted on the cluster; responses count by status class instead. */
  readonly counter?: "perTryTimeouts" | "connectFailures" | "protocolErrors" | "resets";
  readonly reply?: { readonly status: number; readonly reason: LocalReason; readonly message: string };
}

export function judgeAttempt(
  result: AttemptResult,
  perTryTimedOut: boolean,
  cluster: string,
): AttemptVerdict {
  if (result.kind === "response") {
    const grpcStatus = numberHeader(result.headers["grpc-status"]);
    return {
      outcome: {
        kind: "response",
        status: result.status,
        headers: result.headers,
        ...(grpcStatus !== undefined && { grpcStatus }),
      },
      outlier: { kind: "response", status: result.status },
    };
  }
  if (perTryTimedOut)
    return {
      outcome: { kind: "per_try_timeout" },
      outlier: { kind: "timeout" },
      counter: "perTryTimeouts",
      reply: {
        status: 504,
        reason: "upstream_timeout",
        message: `upstream per-try timeout in cluster ${cluster}`,
      },
    };
  if (result.kind === "connect_failure")
    return {
      outcome: { kind: "connect_failure" },
      outlier: { kind: "connect_failure" },
      counter: "connectFailures",
      reply: {
        status: 503,
        reason: "upstream_connect_failure",
        message: `upstream connect error in cluster ${cluster}: ${result.message}`,
      },
    };
  if (result.kind === "protocol_error")
    return {
      outcome: { kind: "reset" },
      outlier: { kind: "response", status: 502 },
      counter: "protocolErrors",
      reply: {
        status: 502,
        reason: "upstream_protocol_error",
        message: `upstream sent an invalid response (cluster ${cluster}): ${result.message}`,
      },
    };
  return {
    outcome: { kind: "reset" },
    outlier: { kind: "reset" },
    counter: "resets",
    reply: {
      status: 503,
      reason: "upstream_reset",
      message: `upstream reset before response headers (cluster ${cluster}): ${result.message}`,
    },
  };
}

/** Adds the attempt to its cluster counter (responses by status class). */
export function countAttempt(
  counters: ClusterCounters,
  result: AttemptResult,
  verdict: AttemptVerdict,
): void {
  if (result.kind === "response") counters.byClass[Math.min(5, Math.floor(result.status / 100))]!.value += 1;
  else if (verdict.counter) counters[verdict.counter].value += 1;
}
