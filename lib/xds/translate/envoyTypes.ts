/**
 * The subset of Envoy v3 messages the translator emits, as plain objects in the shape protobufjs
 * `Type.fromObject` accepts with keepCase: snake_case field names, enums by name, google.protobuf.Any as
 * `{ "@type": url, ...fields }`, Duration as `{ seconds, nanos }`, wrapper types as `{ value }`.
 */
import type { TYPE_URLS } from "./typeUrls";

export interface ProtoDuration {
  seconds: number;
  nanos: number;
}
export interface UInt32Value {
  value: number;
}
export interface FractionalPercent {
  numerator: number;
  denominator: "HUNDRED" | "TEN_THOUSAND" | "MILLION";
}
export interface RuntimeFractionalPercent {
  default_value: FractionalPercent;
  runtime_key?: string;
}
export interface ConfigSource {
  ads: Record<string, never>;
  resource_api_version: "V3";
}

// --- route matching -------------------------------------------------------------------------------
export interface StringMatcher {
  exact?: string;
  safe_regex?: { regex: string };
}
export interface HeaderMatcher {
  name: string;
  string_match?: StringMatcher;
  present_match?: boolean;
  invert_match?: boolean;
}
export interface QueryParameterMatcher {
  name: string;
  string_match?: StringMatcher;
  present_match?: boolean;
}
export interface RouteMatch {
  prefix?: string;
  path?: string;
  safe_regex?: { regex: string };
  headers?: HeaderMatcher[];
  query_parameters?: QueryParameterMatcher[];
}

// --- HTTP filter configs (inside Any) --------------------------------------------------------------
export interface HttpFaultConfig {
  "@type": typeof TYPE_URLS.httpFault;
  delay?: { fixed_delay: ProtoDuration; percentage: FractionalPercent };
  abort?: { http_status?: number; grpc_status?: number; percentage: FractionalPercent };
  headers?: HeaderMatcher[];
}
export interface LocalRateLimitConfig {
  "@type": typeof TYPE_URLS.localRateLimit;
  stat_prefix: string;
  token_bucket?: { max_tokens: number; tokens_per_fill: UInt32Value; fill_interval: ProtoDuration };
  filter_enabled?: RuntimeFractionalPercent;
  filter_enforced?: RuntimeFractionalPercent;
}
export interface RouterConfig {
  "@type": typeof TYPE_URLS.router;
}
export type FilterConfig = HttpFaultConfig | LocalRateLimitConfig | RouterConfig;
export type PerFilterConfig = Record<string, HttpFaultConfig | LocalRateLimitConfig>;

// --- routes ----------------------------------------------------------------------------------------
export interface HeaderValueOption {
  header: { key: string; value: string };
  append_action: "APPEND_IF_EXISTS_OR_ADD" | "OVERWRITE_IF_EXISTS_OR_ADD";
}
export interface ClusterWeight {
  name: string;
  weight: UInt32Value;
  typed_per_filter_config?: PerFilterConfig;
}
export interface HashPolicy {
  header?: { header_name: string };
  cookie?: { name: string };
  connection_properties?: { source_ip: boolean };
  filter_state?: { key: string };
}
export interface RetryPolicy {
  retry_on: string;
  num_retries: UInt32Value;
  per_try_timeout?: ProtoDuration;
  retriable_status_codes?: number[];
  retry_back_off?: { base_interval: ProtoDuration; max_interval?: ProtoDuration };
  retry_host_predicate?: {
    name: string;
    typed_config: { "@type": typeof TYPE_URLS.previousHostsPredicate };
  }[];
  host_selection_retry_max_attempts?: number;
}
export interface RequestMirrorPolicy {
  cluster: string;
  runtime_fraction: RuntimeFractionalPercent;
}
export interface RouteAction {
  cluster?: string;
  weighted_clusters?: { clusters: ClusterWeight[]; total_weight?: UInt32Value };
  timeout?: ProtoDuration;
  max_stream_duration?: { max_stream_duration: ProtoDuration; grpc_timeout_header_max: ProtoDuration };
  retry_policy?: RetryPolicy;
  request_mirror_policies?: RequestMirrorPolicy[];
  hash_policy?: HashPolicy[];
}
export interface Route {
  name: string;
  match: RouteMatch;
  route: RouteAction;
  typed_per_filter_config?: PerFilterConfig;
  request_headers_to_add?: HeaderValueOption[];
  request_headers_to_remove?: string[];
  response_headers_to_add?: HeaderValueOption[];
  response_headers_to_remove?: string[];
}
export interface VirtualHost {
  name: string;
  domains: string[];
  routes: Route[];
}
export interface RouteConfiguration {
  name: string;
  virtual_hosts: VirtualHost[];
}

// --- listeners -------------------------------------------------------------------------------------
export interface HttpFilter {
  name: string;
  typed_config: FilterConfig;
  /** Clients without the extension may ignore the filter instead of rejecting the listener. */
  is_optional?: boolean;
}
export interface HttpConnectionManager {
  "@type": typeof TYPE_URLS.httpConnectionManager;
  stat_prefix: string;
  rds: { config_source: ConfigSource; route_config_name: string };
  http_filters: HttpFilter[];
}
export interface Listener {
  name: string;
  api_listener: { api_listener: HttpConnectionManager };
}

// --- clusters --------------------------------------------------------------------------------------
export type LbPolicy = "ROUND_ROBIN" | "LEAST_REQUEST" | "RING_HASH" | "RANDOM" | "MAGLEV";
export interface CircuitBreakerThresholds {
  priority: "DEFAULT";
  max_connections?: UInt32Value;
  max_pending_requests?: UInt32Value;
  max_requests?: UInt32Value;
  max_retries?: UInt32Value;
}
export interface OutlierDetection {
  consecutive_5xx?: UInt32Value;
  consecutive_gateway_failure?: UInt32Value;
  enforcing_consecutive_gateway_failure?: UInt32Value;
  enforcing_success_rate: UInt32Value;
  interval?: ProtoDuration;
  base_ejection_time?: ProtoDuration;
  max_ejection_percent?: UInt32Value;
}
export interface HealthCheck {
  timeout: ProtoDuration;
  interval: ProtoDuration;
  healthy_threshold: UInt32Value;
  unhealthy_threshold: UInt32Value;
  http_health_check: { path: string };
}
export interface Cluster {
  name: string;
  type: "EDS";
  eds_cluster_config: { eds_config: ConfigSource; service_name: string };
  lb_policy: LbPolicy;
  ring_hash_lb_config?: { minimum_ring_size?: { value: number }; maximum_ring_size?: { value: number } };
  circuit_breakers?: { thresholds: CircuitBreakerThresholds[] };
  outlier_detection?: OutlierDetection;
  health_checks?: HealthCheck[];
}

// --- endpoints -------------------------------------------------------------------------------------
export type HealthStatus = "UNKNOWN" | "HEALTHY" | "UNHEALTHY";
export interface LbEndpoint {
  endpoint: { address: { socket_address: { address: string; port_value: number } } };
  health_status: HealthStatus;
  load_balancing_weight: UInt32Value;
}
export interface LocalityLbEndpoints {
  locality: { zone?: string };
  lb_endpoints: LbEndpoint[];
  load_balancing_weight: UInt32Value;
}
export interface ClusterLoadAssignment {
  cluster_name: string;
  endpoints: LocalityLbEndpoints[];
}
