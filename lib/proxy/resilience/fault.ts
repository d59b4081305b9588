/** Fault injection decisions (Envoy's HTTP fault filter), taken once per request. */
import type { FaultConfig } from "../config/filter-model";
import type { FractionalPercent } from "../config/route-model";
import { matchHeader } from "../routing/matchers";
import { joinHeader, type RouteRequest } from "../routing/request";
import type { Random } from "../util/random";
import { rollFraction } from "./fractional-percent";

export const FAULT_HEADERS = {
  delay: "x-envoy-fault-delay-request",
  delayPercentage: "x-envoy-fault-delay-request-percentage",
  abortHttp: "x-envoy-fault-abort-request",
  abortGrpc: "x-envoy-fault-abort-grpc-request",
  abortPercentage: "x-envoy-fault-abort-request-percentage",
  downstreamNode: "x-envoy-downstream-service-node",
} as const;

export type FaultAbortDecision =
  | { readonly kind: "http"; readonly status: number }
  | { readonly kind: "grpc"; readonly status: number };

export interface FaultDecision {
  readonly delayMs?: number;
  readonly abort?: FaultAbortDecision;
}

export interface FaultContext {
  readonly random: Random;
  /** Wall-clock time in ms since the epoch, for expires_at. */
  readonly nowMs: number;
  /** The upstream cluster chosen for the request. */
  readonly cluster?: string;
  /** Faults currently in progress on this proxy, against max_active_faults. */
  readonly activeFaults?: number;
}

/**
 * Delay and abort are rolled independently, each against its own percentage. Nothing is injected when
 * the fault has expired, its header matchers, upstream cluster or downstream nodes do not match, or
 * max_active_faults is reached. Header-driven faults read the duration or status from the request.
 */
export function decideFault(fault: FaultConfig, request: RouteRequest, context: FaultContext): FaultDecision {
  if (fault.expiresAtMs !== undefined && context.nowMs >= fault.expiresAtMs) return {};
  if (fault.upstreamCluster !== undefined && fault.upstreamCluster !== context.cluster) return {};
  if (fault.downstreamNodes.length > 0) {
    const node = joinHeader(request.headers[FAULT_HEADERS.downstreamNode]);
    if (node === undefined || !fault.downstreamNodes.includes(node)) return {};
  }
  if (!fault.headers.every((m) => matchHeader(m, request))) return {};
  if (fault.maxActiveFaults !== undefined && (context.activeFaults ?? 0) >= fault.maxActiveFaults) return {};
  const delayMs = decideDelay(fault, request, context.random);
  const abort = decideAbort(fault, request, context.random);
  return { ...(delayMs !== undefined && { delayMs }), ...(abort && { abort }) };
}

function decideDelay(fault: FaultConfig, request: RouteRequest, random: Random): number | undefined {
  const delay = fault.delay;
  if (!delay) return undefined;
  let duration: number | undefined;
  let percentage = delay.percentage;
  if (delay.source === "fixed") duration = delay.durationMs;
  else {
    duration = integerHeader(request, FAULT_HEADERS.delay);
    percentage = cappedByHeader(percentage, request, FAULT_HEADERS.delayPercentage);
  }
  if (duration === undefined || duration <= 0) return undefined;
  return rollFraction(percentage, random) ? duration : undefined;
}

function decideAbort(
  fault: FaultConfig,
  request: RouteRequest,
  random: Random,
): FaultAbortDecision | undefined {
  const abort = fault.abort;
  if (!abort) return undefined;
  let decision: FaultAbortDecision | undefined;
  let percentage = abort.percentage;
  if (abort.source === "http") decision = { kind: "http", status: abort.httpStatus };
  else if (abort.source === "grpc") decision = { kind: "grpc", status: abort.grpcStatus };
  else {
    const grpc = integerHeader(request, FAULT_HEADERS.abortGrpc);
    const http = integerHeader(request, FAULT_HEADERS.abortHttp);
    if (grpc !== undefined && grpc <= 16) decision = { kind: "grpc", status: grpc };
    else if (http !== undefined && http >= 200 && http < 600) decision = { kind: "http", status: http };
    percentage = cappedByHeader(percentage, request, FAULT_HEADERS.abortPercentage);
  }
  if (!decision) return undefined;
  return rollFraction(percentage, random) ? decision : undefined;
}

function integerHeader(request: RouteRequest, name: string): number | undefined {
  const value = joinHeader(request.headers[name])?.trim();
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/** A request may lower, never raise, the configured percentage. */
function cappedByHeader(
  percentage: FractionalPercent,
  request: RouteRequest,
  header: string,
): FractionalPercent {
  const requested = integerHeader(request, header);
  return requested === undefined
    ? percentage
    : { ...percentage, numerator: Math.min(percentage.numerator, requested) };
}
