import { describe, expect, it } from "vitest";
import { convertResources } from "./from-xds";
import { LOCAL_RATE_LIMIT, ROUTER } from "./testing/xds-fixtures";

const ENDPOINT = { endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: 9080 } } } };

function cluster(extra: Record<string, unknown>) {
  const converted = convertResources("Cluster", [{ name: "c", connect_timeout: { seconds: "1" }, ...extra }]);
  return {
    cluster: converted.resources.get("c"),
    errors: converted.errors.map((e) => e.message),
    notes: converted.notes,
  };
}

describe("Cluster conversion", () => {
  it("uses Envoy's defaults for an EDS cluster with nothing else set", () => {
    const { cluster: c, errors } = cluster({ type: "EDS" });
    expect(errors).toEqual([]);
    expect(c).toEqual({
      name: "c",
      discovery: "eds",
      edsServiceName: "c",
      connectTimeoutMs: 1000,
      lb: { kind: "round_robin" },
      panicThresholdPercent: 50,
      localityWeighted: false,
      circuitBreakers: { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 },
      healthChecks: [],
      upstreamProtocol: "http1",
    });
  });

  it("reads a STATIC cluster's inline endpoints, gRPC health checks and HTTP/2 upstream", () => {
    const { cluster: c, errors } = cluster({
      type: "STATIC",
      load_assignment: { endpoints: [{ lb_endpoints: [ENDPOINT] }] },
      health_checks: [
        {
          timeout: { seconds: "1" },
          interval: { seconds: "2" },
          unhealthy_threshold: { value: 2 },
          healthy_threshold: { value: 1 },
          grpc_health_check: { service_name: "reviews" },
        },
      ],
      typed_extension_protocol_options: {
        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
          "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
          explicit_http_config: { http2_protocol_options: {} },
          http_filters: [
            {
              name: "envoy.filters.http.local_ratelimit",
              typed_config: {
                "@type": LOCAL_RATE_LIMIT,
                stat_prefix: "upstream_rl",
                token_bucket: {
                  max_tokens: 10,
                  tokens_per_fill: { value: 5 },
                  fill_interval: { seconds: "1" },
                },
                filter_enabled: { default_value: { numerator: 100 } },
                filter_enforced: { default_value: { numerator: 100 } },
              },
            },
          ],
        },
      },
    });
    expect(errors).toEqual([]);
    expect(c?.discovery).toBe("static");
    expect(c?.staticEndpoints?.endpoints.map((e) => e.key)).toEqual(["127.0.0.1:9080"]);
    expect(c?.healthChecks[0]?.check).toEqual({ kind: "grpc", serviceName: "reviews" });
    expect(c?.upstreamProtocol).toBe("http2");
    expect(c?.rateLimit).toMatchObject({
      statPrefix: "upstream_rl",
      status: 429,
      tokenBucket: { maxTokens: 10, tokensPerFill: 5, fillIntervalMs: 1000 },
      filterEnabled: { numerator: 100, denominator: 100 },
    });
  });

  it("reads the connection limits of common_http_protocol_options, and refuses a bad idle_timeout", () => {
    const options = (common: Record<string, unknown>) => ({
      typed_extension_protocol_options: {
        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
          "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
          common_http_protocol_options: common,
          explicit_http_config: { http_protocol_options: {} },
        },
      },
    });
    const set = cluster({
      type: "EDS",
      ...options({ idle_timeout: { seconds: "30" }, max_requests_per_connection: { value: 100 } }),
    });
    expect(set.errors).toEqual([]);
    expect(set.cluster).toMatchObject({ idleTimeoutMs: 30_000, maxRequestsPerConnection: 100 });
    expect(cluster({ type: "EDS", ...options({ idle_timeout: "0s" }) }).cluster?.idleTimeoutMs).toBe(0);
    expect(cluster({ type: "EDS", ...options({}) }).cluster?.idleTimeoutMs).toBeUndefined();
    const bad = cluster({ type: "EDS", ...options({ idle_timeout: { seconds: "-1" } }) });
    expect(bad.cluster).toBeUndefined();
    expect(bad.errors.join("\n")).toMatch(/common_http_protocol_options.*idle_timeout/);
  });

  it("reads load_balancing_policy extensions as proxyless gRPC clients receive them", () => {
    const { cluster: c, errors } = cluster({
      type: "EDS",
      load_balancing_policy: {
        policies: [
          {
            typed_extension_config: {
              typed_config: {
                "@type":
                  "type.googleapis.com/envoy.extensions.load_balancing_policies.client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin",
              },
            },
          },
          {
            typed_extension_config: {
              typed_config: {
                "@type":
                  "type.googleapis.com/envoy.extensions.load_balancing_policies.wrr_locality.v3.WrrLocality",
                endpoint_picking_policy: {
                  policies: [
                    {
                      typed_extension_config: {
                        typed_config: {
                          "@type":
                            "type.googleapis.com/envoy.extensions.load_balancing_policies.ring_hash.v3.RingHash",
                          minimum_ring_size: { value: "2048" },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        ],
      },
    });
    expect(errors).toEqual([]);
    expect(c?.lb).toEqual({ kind: "ring_hash", minRingSize: 2048, maxRingSize: 8_388_608 });
  });

  it("reads the success-rate and failure-percentage detectors, with Envoy's defaults", () => {
    const defaults = cluster({ type: "EDS", outlier_detection: {} }).cluster?.outlierDetection;
    expect(defaults?.successRate).toEqual({
      minimumHosts: 5,
      requestVolume: 100,
      stdevFactor: 1900,
      enforcing: 100,
    });
    expect(defaults?.failurePercentage).toEqual({
      threshold: 85,
      minimumHosts: 5,
      requestVolume: 50,
      enforcing: 0,
    });
    const { cluster: set, notes } = cluster({
      type: "EDS",
      outlier_detection: {
        success_rate_minimum_hosts: { value: 3 },
        success_rate_request_volume: { value: 20 },
        success_rate_stdev_factor: { value: 1000 },
        enforcing_success_rate: { value: 0 },
        failure_percentage_threshold: { value: 60 },
        failure_percentage_minimum_hosts: { value: 2 },
        failure_percentage_request_volume: { value: 10 },
        enforcing_failure_percentage: { value: 100 },
      },
    });
    expect(set?.outlierDetection?.successRate).toEqual({
      minimumHosts: 3,
      requestVolume: 20,
      stdevFactor: 1000,
      enforcing: 0,
    });
    expect(set?.outlierDetection?.failurePercentage).toEqual({
      threshold: 60,
      minimumHosts: 2,
      requestVolume: 10,
      enforcing: 100,
    });
    expect(notes).toEqual([]);
  });

  it("rejects what it cannot honour", () => {
    expect(cluster({ type: "ORIGINAL_DST" }).errors).toEqual([
      "Cluster c: discovery type ORIGINAL_DST is not supported",
    ]);
    expect(cluster({ type: "EDS", lb_policy: "CLUSTER_PROVIDED" }).errors).toEqual([
      "Cluster c: lb_policy CLUSTER_PROVIDED is not supported",
    ]);
    expect(
      cluster({
        type: "EDS",
        lb_policy: "RING_HASH",
        ring_hash_lb_config: { minimum_ring_size: { value: 9000 }, maximum_ring_size: { value: 100 } },
      }).errors,
    ).toEqual(["Cluster c: ring_hash_lb_config minimum_ring_size 9000 exceeds maximum_ring_size 100"]);
    expect(
      cluster({ type: "EDS", outlier_detection: { max_ejection_percent: { value: 150 } } }).errors,
    ).toEqual(["Cluster c: outlier_detection max_ejection_percent 150 is outside [0, 100]"]);
    expect(
      cluster({
        type: "EDS",
        health_checks: [{ timeout: { seconds: "1" }, http_health_check: { path: "x" } }],
      }).errors,
    ).toEqual([
      "Cluster c: health_checks[0] interval is required",
      "Cluster c: health_checks[0] unhealthy_threshold must be at least 1",
      "Cluster c: health_checks[0] healthy_threshold must be at least 1",
      "Cluster c: health_checks[0] http_health_check path 'x' must start with '/'",
    ]);
  });

  it("notes transport sockets and subsets as ignored", () => {
    const { notes } = cluster({ type: "EDS", transport_socket: { name: "tls" } });
    expect(notes).toEqual(["Cluster c: field 'transport_socket' is not supported and was ignored"]);
  });
});

describe("Listener conversion variants", () => {
  it("accepts an api_listener with an inline route configuration", () => {
    const converted = convertResources("Listener", [
      {
        name: "reviews:9080",
        api_listener: {
          api_listener: {
            "@type":
              "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            route_config: {
              name: "inline",
              virtual_hosts: [
                { name: "vh", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: "c" } }] },
              ],
            },
            http_filters: [{ name: "router", typed_config: { "@type": ROUTER } }],
          },
        },
      },
    ]);
    expect(converted.errors).toEqual([]);
    const listener = converted.resources.get("reviews:9080");
    expect(listener?.address).toBeUndefined();
    expect(listener?.http.inlineRouteConfig?.virtualHosts[0]?.routes).toHaveLength(1);
  });

  it("labels errors inside an inline route configuration with the listener", () => {
    const converted = convertResources("Listener", [
      {
        name: "l",
        api_listener: {
          api_listener: {
            "@type":
              "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            route_config: {
              name: "inline",
              virtual_hosts: [{ name: "vh", domains: ["*"], routes: [{ match: { prefix: "/" } }] }],
            },
            http_filters: [{ name: "router", typed_config: { "@type": ROUTER } }],
          },
        },
      },
    ]);
    expect(converted.errors.map((e) => e.message)).toEqual([
      "Listener l route_config inline: virtual_host vh route[0] has no action (route, redirect or direct_response)",
      "Listener l: api_listener route_config is invalid",
    ]);
  });

  it("refuses non-HTTP filter chains", () => {
    const converted = convertResources("Listener", [
      {
        name: "tcp",
        filter_chains: [
          {
            filters: [
              {
                name: "envoy.filters.network.tcp_proxy",
                typed_config: {
                  "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(converted.errors.map((e) => e.message)).toEqual([
      "Listener tcp: filter_chains[0].filters[0] 'envoy.filters.network.tcp_proxy' is not supported (only http_connection_manager)",
      "Listener tcp: has no http_connection_manager filter",
    ]);
  });
});
