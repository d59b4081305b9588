/**
 * Hand-built xDS resources shaped the way Weft's control plane (like any go-control-plane style server)
 * sends them, after protobufjs toObject with keepCase and json: nested Anys as `@type` objects.
 * Test-only helpers.
 */
export const HCM =
  "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
export const FAULT = "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault";
export const ROUTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
export const LOCAL_RATE_LIMIT =
  "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit";

export function outboundListener(): Record<string, unknown> {
  return {
    name: "outbound_0.0.0.0_15001",
    address: { socket_address: { address: "0.0.0.0", port_value: 15001 } },
    traffic_direction: "OUTBOUND",
    filter_chains: [
      {
        filters: [
          {
            name: "envoy.filters.network.http_connection_manager",
            typed_config: {
              "@type": HCM,
              stat_prefix: "outbound_http",
              rds: { route_config_name: "outbound", config_source: { ads: {}, resource_api_version: "V3" } },
              http_filters: [
                { name: "envoy.filters.http.fault", typed_config: { "@type": FAULT } },
                {
                  name: "envoy.filters.http.local_ratelimit",
                  typed_config: { "@type": LOCAL_RATE_LIMIT, stat_prefix: "http_local_rate_limiter" },
                },
                { name: "envoy.filters.http.router", typed_config: { "@type": ROUTER } },
              ],
              use_remote_address: { value: false },
              xff_num_trusted_hops: 1,
              request_headers_timeout: { seconds: "10" },
              common_http_protocol_options: {
                idle_timeout: { seconds: "3600" },
                max_headers_count: { value: 80 },
                headers_with_underscores_action: "REJECT_REQUEST",
              },
              upgrade_configs: [{ upgrade_type: "websocket" }],
            },
          },
        ],
      },
    ],
  };
}

export function reviewsRoutes(): Record<string, unknown> {
  return {
    name: "outbound",
    virtual_hosts: [
      {
        name: "reviews",
        domains: ["reviews", "reviews:9080", "reviews.default.svc.cluster.local"],
        routes: [
          {
            name: "jason-to-v2",
            match: { prefix: "/", headers: [{ name: "end-user", string_match: { exact: "jason" } }] },
            route: { cluster: "reviews|v2" },
          },
          {
            name: "api-regex",
            match: {
              safe_regex: { regex: "/api/v[0-9]+/.*" },
              query_parameters: [{ name: "debug", present_match: true }],
            },
            route: { cluster: "reviews|v2", timeout: { seconds: "0" } },
          },
          {
            name: "split",
            match: { prefix: "/" },
            route: {
              weighted_clusters: {
                clusters: [
                  { name: "reviews|v1", weight: { value: 90 } },
                  {
                    name: "reviews|v3",
                    weight: { value: 10 },
                    request_headers_to_add: [
                      {
                        header: { key: "x-canary", value: "true" },
                        append_action: "OVERWRITE_IF_EXISTS_OR_ADD",
                      },
                    ],
                  },
                ],
              },
              timeout: { seconds: "3" },
              retry_policy: {
                retry_on: "5xx,connect-failure,retriable-status-codes",
                num_retries: { value: 2 },
                per_try_timeout: { seconds: "1", nanos: 500_000_000 },
                retriable_status_codes: [409],
                retry_back_off: { base_interval: { nanos: 50_000_000 }, max_interval: { seconds: "1" } },
              },
              hash_policy: [
                { header: { header_name: "x-user" } },
                { connection_properties: { source_ip: true }, terminal: true },
              ],
              request_mirror_policies: [
                {
                  cluster: "reviews|shadow",
                  runtime_fraction: { default_value: { numerator: 5, denominator: "HUNDRED" } },
                },
              ],
            },
            typed_per_filter_config: {
              "envoy.filters.http.fault": {
                "@type": FAULT,
                delay: {
                  fixed_delay: { nanos: 500_000_000 },
                  percentage: { numerator: 2500, denominator: "TEN_THOUSAND" },
                },
                abort: { http_status: 503, percentage: { numerator: 10 } },
                headers: [{ name: "x-chaos", present_match: true }],
              },
            },
            response_headers_to_add: [{ header: { key: "x-weft-route", value: "split" } }],
          },
        ],
      },
      {
        name: "ratings",
        domains: ["ratings", "*.ratings.svc"],
        routes: [
          { match: { path: "/health" }, direct_response: { status: 200, body: { inline_string: "ok" } } },
        ],
      },
    ],
  };
}

export function reviewsCluster(name = "reviews|v1"): Record<string, unknown> {
  return {
    name,
    type: "EDS",
    eds_cluster_config: { eds_config: { ads: {}, resource_api_version: "V3" }, service_name: name },
    connect_timeout: { seconds: "1" },
    lb_policy: "RING_HASH",
    ring_hash_lb_config: { minimum_ring_size: { value: "512" } },
    common_lb_config: { healthy_panic_threshold: { value: 40 } },
    circuit_breakers: {
      thresholds: [
        {
          max_connections: { value: 100 },
          max_pending_requests: { value: 10 },
          max_requests: { value: 200 },
          max_retries: { value: 5 },
          retry_budget: { budget_percent: { value: 25 }, min_retry_concurrency: { value: 2 } },
        },
      ],
    },
    outlier_detection: {
      consecutive_5xx: { value: 3 },
      interval: { seconds: "5" },
      base_ejection_time: { seconds: "30" },
      max_ejection_percent: { value: 50 },
    },
    health_checks: [
      {
        timeout: { seconds: "1" },
        interval: { seconds: "5" },
        unhealthy_threshold: { value: 3 },
        healthy_threshold: { value: 2 },
        http_health_check: { path: "/healthz", expected_statuses: [{ start: "200", end: "300" }] },
      },
    ],
  };
}

export function reviewsEndpoints(name = "reviews|v1"): Record<string, unknown> {
  return {
    cluster_name: name,
    endpoints: [
      {
        locality: { region: "eu-west", zone: "eu-west-1a" },
        load_balancing_weight: { value: 1 },
        lb_endpoints: [
          {
            endpoint: { address: { socket_address: { address: "10.0.0.1", port_value: 9080 } } },
            health_status: "HEALTHY",
            load_balancing_weight: { value: 3 },
            metadata: { filter_metadata: { "envoy.lb": { fields: { version: { string_value: "v1" } } } } },
          },
          {
            endpoint: { address: { socket_address: { address: "10.0.0.2", port_value: 9080 } } },
            health_status: "DRAINING",
          },
          { endpoint: { address: { socket_address: { address: "fd00::3", port_value: 9080 } } } },
        ],
      },
    ],
  };
}
