/**
 * The time limits of one forwarded request, with Envoy's rules for RouteAction.max_stream_duration and the
 * gRPC `grpc-timeout` header (Envoy's HttpConnectionManager computes the same when it picks a route):
 * - with `grpc_timeout_header_max` set and a well-formed `grpc-timeout` on the request, the header's value,
 *   capped at that maximum (0 = no cap), minus `grpc_timeout_header_offset`, is the stream's deadline and
 *   replaces the route timeout; a result of 0 or less has already expired;
 * - otherwise `max_stream_duration` (0 = none) caps the stream, beside the route timeout;
 * - a gRPC request under such a limit is forwarded with `grpc-timeout` set to the deadline the proxy enforces.
 * Pure: the caller passes the header and the time the request already spent in the proxy (a fault delay).
 */
import type { HeaderValue } from "../routing/request";

/** What a route says about time limits (ForwardAction has these fields). Milliseconds. */
export interface StreamTimeoutPolicy {
  /** Route timeout; 0 means none. */
  readonly timeoutMs: number;
  /** 0 means no stream limit. */
  readonly maxStreamDurationMs?: number;
  /** Honour grpc-timeout, capped at this; 0 means no cap. Unset: the header is not honoured. */
  readonly grpcTimeoutHeaderMaxMs?: number;
  readonly grpcTimeoutHeaderOffsetMs?: number;
}

export interface RequestTimeouts {
  /** Route timeout to enforce; 0 means none. */
  readonly routeTimeoutMs: number;
  /**
   * Time left until the stream's deadline when the request is forwarded: undefined for none (or when the
   * route timeout ends the request no later), 0 when it has already passed.
   */
  readonly streamDeadlineMs?: number;
  /** The grpc-timeout to send upstream, for gRPC requests under a stream limit. */
  readonly upstreamGrpcTimeout?: string;
}

/**
 * The inbound listener has no routes: it applies no route timeout and honours a caller's grpc-timeout
 * without a cap, as Istio configures Envoy's inbound routes (timeout 0, gRPC timeout unbounded).
 */
export const INBOUND_TIMEOUT_POLICY: StreamTimeoutPolicy = Object.freeze({
  timeoutMs: 0,
  grpcTimeoutHeaderMaxMs: 0,
});

/**
 * The connection manager's common_http_protocol_options.max_stream_duration applies where the route sets
 * no max_stream_duration of its own (Envoy's fallback). Returns the policy itself when nothing changes.
 */
export function withConnectionStreamLimit(
  policy: StreamTimeoutPolicy,
  connectionLimitMs: number | undefined,
): StreamTimeoutPolicy {
  if (connectionLimitMs === undefined || policy.maxStreamDurationMs !== undefined) return policy;
  return {
    timeoutMs: policy.timeoutMs,
    maxStreamDurationMs: connectionLimitMs,
    ...(policy.grpcTimeoutHeaderMaxMs !== undefined && {
      grpcTimeoutHeaderMaxMs: policy.grpcTimeoutHeaderMaxMs,
    }),
    ...(policy.grpcTimeoutHeaderOffsetMs !== undefined && {
      grpcTimeoutHeaderOffsetMs: policy.grpcTimeoutHeaderOffsetMs,
    }),
  };
}

/** Node's timers hold at most 2^31-1 ms; a longer one would fire after 1 ms. Longer limits mean none. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A configured limit as a timer can hold it: longer than MAX_TIMER_MS (or negative) counts as none, 0. */
export function timerLimitMs(ms: number): number {
  return ms > MAX_TIMER_MS ? 0 : Math.max(0, ms);
}

/** gRPC's TimeoutValue is at most 8 digits. */
const MAX_GRPC_TIMEOUT_VALUE = 99_999_999;
const GRPC_TIMEOUT = /^(\d{1,8})([HMSmun])$/;

/**
 * `routeTimeoutOverrideMs` (a request's x-envoy-upstream-rq-timeout-ms) replaces the route timeout, even
 * when a grpc-timeout is honoured; the stream deadline stands beside it, whichever comes first.
 */
export function requestTimeouts(
  policy: StreamTimeoutPolicy,
  grpcTimeoutHeader: HeaderValue,
  grpc: boolean,
  elapsedMs: number,
  routeTimeoutOverrideMs?: number,
): RequestTimeouts {
  const routeTimeoutMs = timerLimitMs(routeTimeoutOverrideMs ?? policy.timeoutMs);
  const headerMs =
    policy.grpcTimeoutHeaderMaxMs === undefined ? undefined : parseGrpcTimeout(grpcTimeoutHeader);
  let streamMs: number | undefined;
  if (headerMs !== undefined) {
    streamMs = headerDeadline(headerMs, policy);
  } else if (policy.maxStreamDurationMs !== undefined && policy.maxStreamDurationMs > 0) {
    streamMs = policy.maxStreamDurationMs;
  }
  if (streamMs === undefined) return { routeTimeoutMs };
  const upstream = grpc
    ? { upstreamGrpcTimeout: upstreamGrpcTimeout(streamMs, headerMs, grpcTimeoutHeader) }
    : undefined;
  // A grpc-timeout the route honours replaces the route timeout (Envoy ignores the route timeout then).
  const route = headerMs !== undefined && routeTimeoutOverrideMs === undefined ? 0 : routeTimeoutMs;
  const left = Math.max(0, streamMs - elapsedMs);
  // Both timers start when the request is forwarded: a deadline no earlier than the route's needs none.
  const needsTimer = left <= MAX_TIMER_MS && (route === 0 || left < route);
  return { routeTimeoutMs: route, ...(needsTimer && { streamDeadlineMs: left }), ...upstream };
}

/**
 * The deadline sent upstream: the stream's, before deducting the time already spent (Envoy writes it when
 * it picks the route). A shorter deadline from the caller, on a route that does not honour the header, is
 * kept rather than lengthened (Envoy would overwrite it).
 */
function upstreamGrpcTimeout(streamMs: number, honouredMs: number | undefined, header: HeaderValue): string {
  const callerMs = honouredMs ?? parseGrpcTimeout(header);
  return formatGrpcTimeout(callerMs !== undefined && callerMs < streamMs ? callerMs : streamMs);
}

/** The header's value capped at grpc_timeout_header_max (0 = no cap), then reduced by the offset. */
function headerDeadline(headerMs: number, policy: StreamTimeoutPolicy): number {
  const max = policy.grpcTimeoutHeaderMaxMs ?? 0;
  let ms = max > 0 && headerMs > max ? max : headerMs;
  const offset = policy.grpcTimeoutHeaderOffsetMs;
  // As in Envoy: an offset at least as large as the deadline leaves nothing (it expires at once).
  if (ms !== 0 && offset !== undefined) ms = offset < ms ? ms - offset : 0;
  return ms;
}

/**
 * A grpc-timeout header in milliseconds (gRPC's format: 1 to 8 digits, then H, M, S, m, u or n; micro- and
 * nanoseconds round up to whole milliseconds, as Envoy does). Undefined when absent, repeated or malformed.
 */
export function parseGrpcTimeout(value: HeaderValue): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = GRPC_TIMEOUT.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  switch (match[2]) {
    case "H":
      return amount * 3_600_000;
    case "M":
      return amount * 60_000;
    case "S":
      return amount * 1000;
    case "m":
      return amount;
    case "u":
      return Math.ceil(amount / 1000);
    default:
      return Math.ceil(amount / 1_000_000);
  }
}

/**
 * Milliseconds as a grpc-timeout value: whole milliseconds while they fit in 8 digits, else seconds, minutes
 * or hours (rounded down, so the upstream never gets more time), at most 99999999H.
 */
export function formatGrpcTimeout(ms: number): string {
  let value = Math.max(0, Math.floor(ms));
  if (value <= MAX_GRPC_TIMEOUT_VALUE) return `${value}m`;
  value = Math.floor(value / 1000);
  if (value <= MAX_GRPC_TIMEOUT_VALUE) return `${value}S`;
  value = Math.floor(value / 60);
  if (value <= MAX_GRPC_TIMEOUT_VALUE) return `${value}M`;
  return `${Math.min(MAX_GRPC_TIMEOUT_VALUE, Math.floor(value / 60))}H`;
}
