import type { LbPolicy } from "./envoyTypes";
import type { ClientKind } from "./types";

/**
 * What each client kind can be sent. Envoy, Weft's own proxy and unknown clients get full fidelity
 * (standard Envoy semantics). For @grpc/grpc-js-xds (read from its 1.14 sources):
 * - it rejects a Cluster whose lb_policy is not ROUND_ROBIN or RING_HASH (so LEAST_REQUEST and RANDOM
 *   become ROUND_ROBIN, MAGLEV becomes RING_HASH);
 * - it rejects HTTP filters it does not know, so the local rate limit filter is not sent;
 * - it ignores route timeouts unless they are in max_stream_duration, ignores query-parameter matchers
 *   (a rule with one would match too much, so the rule is dropped), HTTPFault.headers (expressed as a
 *   separate route instead), header mutations, request mirroring, cookie hashing, HTTP retry
 *   conditions, active health checks, consecutive-error outlier ejection and circuit breakers other than
 *   max_requests. Each of these is omitted or replaced and reported as a downgrade.
 */
export interface ClientCapabilities {
  client: ClientKind;
  lbPolicies: ReadonlySet<LbPolicy>;
  /**
   * Send a rule's timeout as RouteAction.timeout too. Every client gets it as max_stream_duration (with
   * grpc_timeout_header_max); gRPC clients read only that.
   */
  routeTimeout: boolean;
  queryMatchers: boolean;
  faultHeaders: boolean;
  headerMutations: boolean;
  requestMirror: boolean;
  localRateLimit: boolean;
  cookieHash: boolean;
  /** How "hash on source IP" is expressed: by connection, or by client channel (gRPC's equivalent). */
  sourceIpHash: "connection_properties" | "channel_id";
  httpRetryConditions: boolean;
  healthChecks: boolean;
  consecutiveErrorEjection: boolean;
  /** Circuit breaker fields that take effect. */
  circuitBreakerFields: ReadonlySet<
    "max_connections" | "max_pending_requests" | "max_requests" | "max_retries"
  >;
  /** Send WeightedCluster.total_weight (older gRPC clients required it; Envoy deprecates it). */
  totalWeight: boolean;
  /**
   * Give every route a complete fault override (0% when there is no fault). grpc-js-xds 1.14 compares a
   * new resource with the cached one key by key of the OLD value, so an update that only adds a map entry
   * (a fault on a route that had none) or only appends bytes to an Any is taken for "unchanged" and
   * ignored. With the override always present and complete, every fault change alters existing bytes.
   */
  faultOverrideOnEveryRoute: boolean;
}

const FULL: Omit<ClientCapabilities, "client"> = {
  lbPolicies: new Set(["ROUND_ROBIN", "LEAST_REQUEST", "RING_HASH", "RANDOM", "MAGLEV"]),
  routeTimeout: true,
  queryMatchers: true,
  faultHeaders: true,
  headerMutations: true,
  requestMirror: true,
  localRateLimit: true,
  cookieHash: true,
  sourceIpHash: "connection_properties",
  httpRetryConditions: true,
  healthChecks: true,
  consecutiveErrorEjection: true,
  circuitBreakerFields: new Set(["max_connections", "max_pending_requests", "max_requests", "max_retries"]),
  totalWeight: false,
  faultOverrideOnEveryRoute: false,
};

const GRPC_JS_XDS: Omit<ClientCapabilities, "client"> = {
  lbPolicies: new Set(["ROUND_ROBIN", "RING_HASH"]),
  routeTimeout: false,
  queryMatchers: false,
  faultHeaders: false,
  headerMutations: false,
  requestMirror: false,
  localRateLimit: false,
  cookieHash: false,
  sourceIpHash: "channel_id",
  httpRetryConditions: false,
  healthChecks: false,
  consecutiveErrorEjection: false,
  circuitBreakerFields: new Set(["max_requests"]),
  totalWeight: true,
  faultOverrideOnEveryRoute: true,
};

export function capabilitiesOf(client: ClientKind): ClientCapabilities {
  return { client, ...(client === "grpc-js-xds" ? GRPC_JS_XDS : FULL) };
}

/** The closest policy a client supports, for each policy it does not. */
export function substituteLbPolicy(policy: LbPolicy, capabilities: ClientCapabilities): LbPolicy {
  if (capabilities.lbPolicies.has(policy)) return policy;
  if (policy === "MAGLEV" && capabilities.lbPolicies.has("RING_HASH")) return "RING_HASH";
  return "ROUND_ROBIN";
}
