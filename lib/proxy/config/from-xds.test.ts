import { describe, expect, it } from "vitest";
import { loadEnvoyProtos } from "./envoy-protos";
import { convertResources, fromXds, TYPE_URLS, type XdsResources } from "./from-xds";
import type { ForwardAction } from "./route-model";
import {
  FAULT,
  outboundListener,
  ROUTER,
  reviewsCluster,
  reviewsEndpoints,
  reviewsRoutes,
} from "./testing/xds-fixtures";

function realistic(): XdsResources {
  return {
    listeners: [outboundListener()],
    routeConfigurations: [reviewsRoutes()],
    clusters: [reviewsCluster("reviews|v1"), reviewsCluster("reviews|v2"), reviewsCluster("reviews|v3")],
    clusterLoadAssignments: [
      reviewsEndpoints("reviews|v1"),
      reviewsEndpoints("reviews|v2"),
      reviewsEndpoints("reviews|v3"),
    ],
  };
}

function errorsOf(resources: XdsResources): string[] {
  const result = fromXds(resources);
  if (result.ok) throw new Error("expected errors");
  return result.errors.map((e) => e.message);
}

describe("fromXds on resources as the control plane sends them", () => {
  it("builds listeners, routes, clusters and endpoints", () => {
    const result = fromXds(realistic());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.missing).toEqual(["RouteConfiguration outbound: Cluster reviews|shadow has not arrived"]);
    const listener = result.config.listeners.get("outbound_0.0.0.0_15001")!;
    expect(listener.address).toEqual({ host: "0.0.0.0", port: 15001 });
    expect(listener.direction).toBe("outbound");
    expect(listener.http.rdsName).toBe("outbound");
    expect(listener.http.httpFilters.map((f) => f.kind)).toEqual(["fault", "local_rate_limit", "router"]);
    expect(listener.http.xffNumTrustedHops).toBe(1);
    expect(listener.http.requestHeadersTimeoutMs).toBe(10_000);
    expect(listener.http.downstream).toEqual({
      idleTimeoutMs: 3_600_000,
      maxHeadersCount: 80,
      headersWithUnderscores: "reject",
    });
    expect(listener.http.upgradeTypes).toEqual(["websocket"]);

    const routes = result.config.routeConfigs.get("outbound")!;
    expect(routes.domains.exact.get("reviews:9080")?.name).toBe("reviews");
    expect(routes.domains.suffixes.map((s) => s.suffix)).toEqual([".ratings.svc"]);
    const [jason, api, split] = routes.virtualHosts[0]!.routes;
    expect(jason!.match.headers[0]).toMatchObject({
      name: "end-user",
      rule: { kind: "string", match: { kind: "exact", value: "jason" } },
    });
    expect(api!.match.path.kind).toBe("regex");
    expect((api!.action as ForwardAction).timeoutMs).toBe(0);
    const action = split!.action as ForwardAction;
    expect(action.cluster).toMatchObject({ kind: "weighted", totalWeight: 100 });
    expect(action.timeoutMs).toBe(3000);
    expect(action.retry).toMatchObject({
      numRetries: 2,
      perTryTimeoutMs: 1500,
      retriableStatusCodes: [409],
      backoff: { baseMs: 50, maxMs: 1000 },
    });
    expect([...action.retry!.retryOn]).toEqual(["5xx", "connect-failure", "retriable-status-codes"]);
    expect(action.hashPolicies).toEqual([
      { kind: "header", name: "x-user", terminal: false },
      { kind: "source_ip", terminal: true },
    ]);
    expect(action.mirrors).toEqual([
      { cluster: "reviews|shadow", fraction: { numerator: 5, denominator: 100 } },
    ]);
    expect(split!.perFilterConfig.get("envoy.filters.http.fault")).toEqual({
      kind: "fault",
      fault: {
        delay: { source: "fixed", durationMs: 500, percentage: { numerator: 2500, denominator: 10_000 } },
        abort: { source: "http", httpStatus: 503, percentage: { numerator: 10, denominator: 100 } },
        headers: [
          {
            name: "x-chaos",
            rule: { kind: "present", present: true },
            invert: false,
            treatMissingAsEmpty: false,
          },
        ],
        downstreamNodes: [],
      },
    });

    const cluster = result.config.clusters.get("reviews|v1")!;
    expect(cluster.lb).toEqual({ kind: "ring_hash", minRingSize: 512, maxRingSize: 8_388_608 });
    expect(cluster.panicThresholdPercent).toBe(40);
    expect(cluster.circuitBreakers).toEqual({
      maxConnections: 100,
      maxPendingRequests: 10,
      maxRequests: 200,
      maxRetries: 5,
      retryBudget: { budgetPercent: 25, minRetryConcurrency: 2 },
    });
    expect(cluster.outlierDetection).toMatchObject({
      consecutive5xx: 3,
      intervalMs: 5000,
      baseEjectionTimeMs: 30_000,
      maxEjectionPercent: 50,
    });
    expect(cluster.healthChecks[0]).toMatchObject({
      healthyThreshold: 2,
      unhealthyThreshold: 3,
      check: { kind: "http", path: "/healthz", expectedStatuses: [{ start: 200, end: 300 }] },
    });

    const endpoints = result.config.loadAssignments.get("reviews|v1")!.endpoints;
    expect(endpoints.map((e) => [e.key, e.weight, e.health])).toEqual([
      ["10.0.0.1:9080", 3, "healthy"],
      ["10.0.0.2:9080", 1, "draining"],
      ["[fd00::3]:9080", 1, "unknown"],
    ]);
    expect(endpoints[0]!.labels).toEqual({ version: "v1" });
    expect(endpoints[0]!.locality).toEqual({ region: "eu-west", zone: "eu-west-1a", subZone: "" });
  });

  it("decodes Anys that arrive as type_url + bytes, and grpc-js-xds style toObject output", () => {
    const root = loadEnvoyProtos();
    const pack = (typeUrl: string, value: Record<string, unknown>) => {
      const type = root.lookupType(typeUrl.slice(typeUrl.lastIndexOf("/") + 1));
      return { type_url: typeUrl, value: type.encode(type.fromObject(value)).finish() };
    };
    const packed = {
      listeners: [pack(TYPE_URLS.Listener, outboundListener())],
      routeConfigurations: [pack(TYPE_URLS.RouteConfiguration, reviewsRoutes())],
      clusters: [pack(TYPE_URLS.Cluster, reviewsCluster())],
      clusterLoadAssignments: [pack(TYPE_URLS.ClusterLoadAssignment, reviewsEndpoints())],
    };
    const fromBytes = fromXds(packed);
    if (!fromBytes.ok) throw new Error(JSON.stringify(fromBytes.errors));
    const reference = fromXds(realistic());
    if (!reference.ok) throw new Error("reference failed");
    expect(fromBytes.config.routeConfigs.get("outbound")).toEqual(
      reference.config.routeConfigs.get("outbound"),
    );
    expect(fromBytes.config.clusters.get("reviews|v1")).toEqual(reference.config.clusters.get("reviews|v1"));
    expect(fromBytes.config.listeners).toEqual(reference.config.listeners);

    // grpc-js-xds decodes with defaults and virtual oneof fields, leaving nested Anys as bytes.
    const withDefaults = (packedAny: { type_url: string; value: Uint8Array }) => {
      const type = root.lookupType(packedAny.type_url.slice(packedAny.type_url.lastIndexOf("/") + 1));
      return type.toObject(type.decode(packedAny.value), {
        longs: String,
        enums: String,
        defaults: true,
        oneofs: true,
      });
    };
    const viaDefaults = fromXds({
      listeners: packed.listeners.map(withDefaults),
      routeConfigurations: packed.routeConfigurations.map(withDefaults),
      clusters: packed.clusters.map(withDefaults),
      clusterLoadAssignments: packed.clusterLoadAssignments.map(withDefaults),
    });
    if (!viaDefaults.ok) throw new Error(JSON.stringify(viaDefaults.errors));
    expect(viaDefaults.config).toEqual(fromBytes.config);
    expect(viaDefaults.notes).toEqual([]);
  });

  it("accepts numeric enums and Long-like numbers", () => {
    const cluster = {
      ...reviewsCluster(),
      type: 3,
      lb_policy: 5,
      maglev_lb_config: { table_size: { value: { low: 65_537, high: 0 } } },
    };
    delete (cluster as Record<string, unknown>).ring_hash_lb_config;
    const converted = convertResources("Cluster", [cluster]);
    expect(converted.errors).toEqual([]);
    expect(converted.resources.get("reviews|v1")?.lb).toEqual({ kind: "maglev", tableSize: 65_537 });
  });

  it("notes unsupported fields instead of failing", () => {
    const routes = reviewsRoutes();
    const virtualHost = (routes.virtual_hosts as Record<string, unknown>[])[0]!;
    virtualHost.cors = { allow_methods: "GET" };
    const result = fromXds({ ...realistic(), routeConfigurations: [routes] });
    expect(result.ok).toBe(true);
    expect(result.notes).toContain(
      "RouteConfiguration outbound: virtual_host reviews field 'cors' is not supported and was ignored",
    );
  });
});

describe("fromXds errors (NACK details)", () => {
  it("names the route and the regex RE2 rejects", () => {
    const routes = reviewsRoutes();
    const vhRoutes = (routes.virtual_hosts as Record<string, unknown>[])[0]!.routes as Record<
      string,
      unknown
    >[];
    vhRoutes[2]!.match = { safe_regex: { regex: "(?<=a)b" } };
    const result = fromXds({ ...realistic(), routeConfigurations: [routes] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        kind: "RouteConfiguration",
        name: "outbound",
        message:
          "RouteConfiguration outbound: virtual_host reviews route[2] regex '(?<=a)b' is not valid RE2 (lookbehind is not supported)",
      },
    ]);
  });

  it("rejects weighted clusters that add up to nothing or disagree with total_weight", () => {
    const zero = reviewsRoutes();
    const route = (
      (zero.virtual_hosts as Record<string, unknown>[])[0]!.routes as Record<string, unknown>[]
    )[2]!;
    (route.route as Record<string, unknown>).weighted_clusters = {
      clusters: [{ name: "a", weight: { value: 0 } }],
    };
    expect(errorsOf({ routeConfigurations: [zero] })).toEqual([
      "RouteConfiguration outbound: virtual_host reviews route[2] weighted_clusters total weight is 0",
    ]);
    (route.route as Record<string, unknown>).weighted_clusters = {
      clusters: [
        { name: "a", weight: { value: 60 } },
        { name: "b", weight: { value: 30 } },
      ],
      total_weight: { value: 100 },
    };
    expect(errorsOf({ routeConfigurations: [zero] })).toEqual([
      "RouteConfiguration outbound: virtual_host reviews route[2] weighted_clusters total_weight 100 does not equal the sum of weights 90",
    ]);
  });

  it("rejects duplicate domains, bad wildcards and header matchers", () => {
    const routes = reviewsRoutes();
    const hosts = routes.virtual_hosts as Record<string, unknown>[];
    hosts[1]!.domains = ["ratings", "reviews", "rat*ings"];
    ((hosts[0]!.routes as Record<string, unknown>[])[0]!.match as Record<string, unknown>).headers = [
      { name: "x-n", range_match: { start: "5", end: "5" } },
    ];
    expect(errorsOf({ routeConfigurations: [routes] })).toEqual([
      "RouteConfiguration outbound: virtual_host reviews route[0] header 'x-n' range_match [5, 5) is empty",
      "RouteConfiguration outbound: virtual_host ratings domain 'rat*ings' may only use '*' as its first or last character",
    ]);
    hosts[0]!.routes = [];
    hosts[1]!.domains = ["ratings", "reviews"];
    expect(errorsOf({ routeConfigurations: [routes] })).toContain(
      "RouteConfiguration outbound: domain 'reviews' is in both virtual_host reviews and ratings",
    );
  });

  it("requires the router as the last http filter and refuses unknown required filters", () => {
    const listener = outboundListener();
    const hcm = (
      (listener.filter_chains as Record<string, unknown>[])[0]!.filters as Record<string, unknown>[]
    )[0]!.typed_config as Record<string, unknown>;
    hcm.http_filters = [
      { name: "router", typed_config: { "@type": ROUTER } },
      {
        name: "rbac",
        typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC" },
      },
      { name: "fault", typed_config: { "@type": FAULT } },
    ];
    expect(errorsOf({ listeners: [listener] })).toEqual([
      "Listener outbound_0.0.0.0_15001: filter_chains[0].filters[0] http_filters[0] 'router' router must be the last http filter",
      "Listener outbound_0.0.0.0_15001: filter_chains[0].filters[0] http_filters[1] 'rbac' type envoy.extensions.filters.http.rbac.v3.RBAC is not supported (mark it is_optional to skip it)",
      "Listener outbound_0.0.0.0_15001: filter_chains[0].filters[0] http_filters[2] 'fault' the last http filter must be the router",
    ]);
  });

  it("reads the router's suppress_envoy_headers", () => {
    const listener = outboundListener();
    const hcm = (
      (listener.filter_chains as Record<string, unknown>[])[0]!.filters as Record<string, unknown>[]
    )[0]!.typed_config as Record<string, unknown>;
    hcm.http_filters = [{ name: "router", typed_config: { "@type": ROUTER, suppress_envoy_headers: true } }];
    const result = fromXds({ ...realistic(), listeners: [listener] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.listeners.get("outbound_0.0.0.0_15001")?.http.httpFilters).toEqual([
      { name: "router", kind: "router", suppressEnvoyHeaders: true },
    ]);
  });

  it("validates clusters and endpoints", () => {
    const cluster = {
      ...reviewsCluster(),
      lb_policy: "MAGLEV",
      maglev_lb_config: { table_size: { value: 1000 } },
      connect_timeout: { seconds: "-1" },
    };
    const endpoints = reviewsEndpoints();
    const locality = (endpoints.endpoints as Record<string, unknown>[])[0]!;
    (locality.lb_endpoints as Record<string, unknown>[])[1] = {
      endpoint: { address: { socket_address: { address: "10.0.0.9", port_value: 0 } } },
    };
    expect(errorsOf({ clusters: [cluster], clusterLoadAssignments: [endpoints] })).toEqual([
      "Cluster reviews|v1: maglev_lb_config table_size 1000 must be a prime no larger than 5000011",
      "Cluster reviews|v1: connect_timeout is negative",
      "ClusterLoadAssignment reviews|v1: endpoints[0] lb_endpoints[1] port 0 is outside [1, 65535]",
    ]);
  });

  it("reports a wrongly typed or unnamed resource", () => {
    const result = fromXds({ clusters: [{ "@type": TYPE_URLS.Listener, name: "x" }, {}] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.message)).toEqual([
      "Cluster [0]: has type envoy.config.listener.v3.Listener, expected type.googleapis.com/envoy.config.cluster.v3.Cluster",
      "Cluster (unnamed): has no name",
      // An unset type is STATIC (proto3 default 0), which needs endpoints inline.
      "Cluster (unnamed): needs a valid load_assignment",
    ]);
  });

  it("rejects the same resource name twice", () => {
    expect(errorsOf({ clusterLoadAssignments: [reviewsEndpoints(), reviewsEndpoints()] })).toEqual([
      "ClusterLoadAssignment reviews|v1: is listed more than once",
    ]);
  });
});
