/** Compiled Cluster and ClusterLoadAssignment: load balancing, protection and the endpoints themselves. */

import type { LocalRateLimitConfig } from "./filter-model";
import type { HeaderMutation } from "./route-model";

export type LbPolicy =
  | { readonly kind: "round_robin" }
  | { readonly kind: "random" }
  | { readonly kind: "least_request"; readonly choiceCount: number }
  /** Sizes are ring entries; Envoy's defaults are 1024 and 8M. Hashing is always Weft's xxHash32. */
  | { readonly kind: "ring_hash"; readonly minRingSize: number; readonly maxRingSize: number }
  | { readonly kind: "maglev"; readonly tableSize: number };

export interface RetryBudget {
  /** Percent of active plus pending requests that may be retries (default 20). */
  readonly budgetPercent: number;
  /** Retries always allowed up to this concurrency (default 3). */
  readonly minRetryConcurrency: number;
}

/** Thresholds of the DEFAULT routing priority (HIGH is not used by the proxy). */
export interface CircuitBreakerThresholds {
  readonly maxConnections: number;
  readonly maxPendingRequests: number;
  readonly maxRequests: number;
  readonly maxRetries: number;
  /** When set, replaces maxRetries with a limit proportional to load. */
  readonly retryBudget?: RetryBudget;
}

export interface OutlierDetectionConfig {
  readonly consecutive5xx: number;
  readonly consecutiveGatewayFailure: number;
  /** Percent chance an ejection that is due is enforced (Envoy defaults: 100 for 5xx, 0 for gateway). */
  readonly enforcingConsecutive5xx: number;
  readonly enforcingConsecutiveGatewayFailure: number;
  readonly intervalMs: number;
  readonly baseEjectionTimeMs: number;
  readonly maxEjectionTimeMs: number;
  readonly maxEjectionTimeJitterMs: number;
  readonly maxEjectionPercent: number;
  readonly alwaysEjectOneHost: boolean;
  readonly successfulActiveHealthCheckUnejectHost: boolean;
  readonly successRate: SuccessRateDetection;
  readonly failurePercentage: FailurePercentageDetection;
}

/** Judged each interval over hosts with `requestVolume` requests, when at least `minimumHosts` have them. */
export interface SuccessRateDetection {
  readonly requestVolume: number;
  readonly minimumHosts: number;
  /** Thousandths of a standard deviation below the mean (1900 = 1.9). */
  readonly stdevFactor: number;
  /** Percent chance an ejection that is due is enforced (Envoy's default 100). */
  readonly enforcing: number;
}

export interface FailurePercentageDetection {
  readonly requestVolume: number;
  readonly minimumHosts: number;
  /** Percent of failed requests at or above which a host is ejected. */
  readonly threshold: number;
  /** Envoy's default 0: off unless the control plane enables it. */
  readonly enforcing: number;
}

/** Status ranges are [start, end). */
export interface StatusRange {
  readonly start: number;
  readonly end: number;
}

export type HealthCheckKind =
  | {
      readonly kind: "http";
      readonly host?: string;
      readonly path: string;
      readonly method: string;
      readonly expectedStatuses: readonly StatusRange[];
      readonly retriableStatuses: readonly StatusRange[];
      readonly requestHeaders: HeaderMutation;
      readonly http2: boolean;
    }
  | {
      readonly kind: "tcp";
      /** Bytes written once connected; none for a connect-only check. */
      readonly send?: Uint8Array;
      /** Blocks the reply must contain, in order (not necessarily adjacent); none: connect-only. */
      readonly receive: readonly Uint8Array[];
    }
  | { readonly kind: "grpc"; readonly serviceName: string; readonly authority?: string };

export interface HealthCheckConfig {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly initialJitterMs: number;
  readonly intervalJitterMs: number;
  readonly intervalJitterPercent: number;
  readonly unhealthyThreshold: number;
  readonly healthyThreshold: number;
  readonly unhealthyIntervalMs: number;
  readonly unhealthyEdgeIntervalMs: number;
  readonly healthyEdgeIntervalMs: number;
  readonly noTrafficIntervalMs: number;
  readonly altPort?: number;
  /** Keep the check's connection for the next check (Envoy's default); false: a new one each time. */
  readonly reuseConnection: boolean;
  readonly check: HealthCheckKind;
}

export type UpstreamProtocol = "http1" | "http2" | "downstream" | "auto";

export interface ClusterConfig {
  readonly name: string;
  /** "dns": STRICT_DNS / LOGICAL_DNS; hostnames are resolved when connecting. */
  readonly discovery: "eds" | "static" | "dns";
  /** Name of the ClusterLoadAssignment to use (eds_cluster_config.service_name, else the cluster name). */
  readonly edsServiceName: string;
  readonly connectTimeoutMs: number;
  readonly lb: LbPolicy;
  /** Below this percent of healthy hosts, balance over all hosts (Envoy default 50; 0 disables). */
  readonly panicThresholdPercent: number;
  readonly localityWeighted: boolean;
  readonly circuitBreakers: CircuitBreakerThresholds;
  readonly outlierDetection?: OutlierDetectionConfig;
  readonly healthChecks: readonly HealthCheckConfig[];
  /** Local rate limit from an upstream http_filters entry in the cluster's HttpProtocolOptions. */
  readonly rateLimit?: LocalRateLimitConfig;
  readonly upstreamProtocol: UpstreamProtocol;
  readonly maxRequestsPerConnection?: number;
  /** HttpProtocolOptions' idle_timeout: an upstream connection without requests this long closes (0: never). */
  readonly idleTimeoutMs?: number;
  /** For STATIC and DNS clusters, the inline load_assignment. */
  readonly staticEndpoints?: ClusterLoadAssignment;
}

/** core.v3.HealthStatus; UNKNOWN counts as healthy, DRAINING and TIMEOUT as unhealthy. */
export type EndpointHealth = "unknown" | "healthy" | "unhealthy" | "draining" | "timeout" | "degraded";

export interface Locality {
  readonly region: string;
  readonly zone: string;
  readonly subZone: string;
}

export interface Endpoint {
  /** "ip:port" (IPv6 in brackets); stable identity for LB, outlier and health state. */
  readonly key: string;
  readonly address: string;
  readonly port: number;
  readonly hostname?: string;
  readonly weight: number;
  readonly health: EndpointHealth;
  readonly locality: Locality;
  readonly localityWeight?: number;
  readonly priority: number;
  readonly healthCheckPort?: number;
  readonly healthCheckDisabled: boolean;
  /** String values of metadata filter_metadata["envoy.lb"] (subset labels such as version). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface DropOverload {
  readonly category: string;
  readonly numerator: number;
  readonly denominator: 100 | 10_000 | 1_000_000;
}

export interface ClusterLoadAssignment {
  readonly clusterName: string;
  readonly endpoints: readonly Endpoint[];
  readonly dropOverloads: readonly DropOverload[];
  readonly overprovisioningFactor: number;
}
