/** Compiled HTTP filter configurations: fault injection and local rate limiting. */
import type { FractionalPercent, HeaderMatch, HeaderMutation } from "./route-model";

export type FaultDelay =
  | { readonly source: "fixed"; readonly durationMs: number; readonly percentage: FractionalPercent }
  /** Duration taken from the x-envoy-fault-delay-request header. */
  | { readonly source: "header"; readonly percentage: FractionalPercent };

export type FaultAbort =
  | { readonly source: "http"; readonly httpStatus: number; readonly percentage: FractionalPercent }
  | { readonly source: "grpc"; readonly grpcStatus: number; readonly percentage: FractionalPercent }
  /** Status taken from x-envoy-fault-abort-request / x-envoy-fault-abort-grpc-request. */
  | { readonly source: "header"; readonly percentage: FractionalPercent };

/** extensions.filters.http.fault.v3.HTTPFault. */
export interface FaultConfig {
  readonly delay?: FaultDelay;
  readonly abort?: FaultAbort;
  /** All must match for the fault to apply. */
  readonly headers: readonly HeaderMatch[];
  readonly upstreamCluster?: string;
  /** Matched against x-envoy-downstream-service-node; empty means any. */
  readonly downstreamNodes: readonly string[];
  readonly maxActiveFaults?: number;
  /**
   * Wall-clock expiry (ms since the epoch). Weft's control plane removes expired faults itself; the proxy
   * also honours `filter_metadata` key `expires_at` (RFC 3339 string or epoch seconds) in case it is slow.
   */
  readonly expiresAtMs?: number;
}

export interface TokenBucketConfig {
  readonly maxTokens: number;
  readonly tokensPerFill: number;
  readonly fillIntervalMs: number;
}

/** extensions.filters.http.local_ratelimit.v3.LocalRateLimit. */
export interface LocalRateLimitConfig {
  readonly statPrefix: string;
  /** Response status when limited (default 429). */
  readonly status: number;
  /** Absent: the filter is a placeholder that only per-route configuration activates. */
  readonly tokenBucket?: TokenBucketConfig;
  /** Share of requests the filter checks; Envoy's default when unset is 0%. */
  readonly filterEnabled: FractionalPercent;
  /** Share of checked requests actually limited (the rest only counted); default 0%. */
  readonly filterEnforced: FractionalPercent;
  readonly responseHeaders: HeaderMutation;
}
