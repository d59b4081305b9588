import { describe, expect, it } from "vitest";
import type { MeshConfig } from "@/lib/mesh/schema";
import type { Route } from "./envoyTypes";
import { translateForNode } from "./translateForNode";
import type { ClientKind } from "./types";

const NOW = new Date("2025-06-01T12:00:00Z");

function translate(config: MeshConfig, client: ClientKind = "envoy", now = NOW) {
  return translateForNode(config, [], { id: "n", capabilities: { client } }, now);
}

function routesOf(config: MeshConfig, service: string, client: ClientKind = "envoy", now = NOW): Route[] {
  const routeConfig = translate(config, client, now).routes.find((route) => route.name === service);
  return routeConfig?.virtual_hosts[0]?.routes ?? [];
}

describe("translateForNode", () => {
  it("emits one listener, route configuration, and cluster plus assignment per service and subset", () => {
    const result = translate({
      services: [{ name: "b", subsets: [{ name: "s1", labels: { v: "1" } }] }, { name: "a" }],
    });
    expect(result.listeners.map((listener) => listener.name)).toEqual(["a", "b"]);
    expect(result.routes.map((route) => route.name)).toEqual(["a", "b"]);
    expect(result.clusters.map((cluster) => cluster.name)).toEqual(["a", "b", "b|s1"]);
    expect(result.endpoints.map((assignment) => assignment.cluster_name)).toEqual(["a", "b", "b|s1"]);
  });

  it("puts the router filter last, after fault (and rate limit where supported)", () => {
    const names = (client: ClientKind) =>
      translate(
        { services: [{ name: "a" }] },
        client,
      ).listeners[0]?.api_listener.api_listener.http_filters.map((filter) => filter.name);
    expect(names("envoy")).toEqual([
      "envoy.filters.http.fault",
      "envoy.filters.http.local_ratelimit",
      "envoy.filters.http.router",
    ]);
    expect(names("grpc-js-xds")).toEqual(["envoy.filters.http.fault", "envoy.filters.http.router"]);
  });

  it("appends a #default route unless the last rule already matches everything", () => {
    const ruled: MeshConfig = {
      services: [{ name: "a", routes: [{ match: { method: "GET" }, destinations: [{ service: "a" }] }] }],
    };
    expect(routesOf(ruled, "a").map((route) => route.name)).toEqual(["rule-0", "#default"]);
    const closed: MeshConfig = {
      services: [
        {
          name: "a",
          routes: [{ name: "all", match: { path: { prefix: "/" } }, destinations: [{ service: "a" }] }],
        },
      ],
    };
    expect(routesOf(closed, "a").map((route) => route.name)).toEqual(["all"]);
  });

  it("accepts the service's names with and without a port", () => {
    const result = translate({ services: [{ name: "reviews", namespace: "shop" }] });
    expect(result.routes[0]?.virtual_hosts[0]?.domains).toEqual([
      "reviews",
      "reviews:*",
      "reviews.shop",
      "reviews.shop:*",
    ]);
  });

  it("drops a fault at its expiry time, not before", () => {
    const config: MeshConfig = {
      services: [
        {
          name: "a",
          routes: [
            {
              destinations: [{ service: "a" }],
              fault: { abort: { percentage: 10, httpStatus: 503 }, expiresAt: "2025-06-01T12:00:00Z" },
            },
          ],
        },
      ],
    };
    const before = routesOf(config, "a", "envoy", new Date("2025-06-01T11:59:59.999Z"))[0];
    const at = routesOf(config, "a", "envoy", NOW)[0];
    expect(before?.typed_per_filter_config?.["envoy.filters.http.fault"]).toEqual({
      "@type": "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault",
      abort: { http_status: 503, percentage: { numerator: 10, denominator: "HUNDRED" } },
    });
    expect(at?.typed_per_filter_config).toBeUndefined();
  });

  it("puts a rule timeout where each client reads it, honouring shorter gRPC deadlines", () => {
    const config: MeshConfig = {
      services: [{ name: "a", routes: [{ destinations: [{ service: "a" }], timeout: "1.5s" }] }],
    };
    const timeout = { seconds: 1, nanos: 500_000_000 };
    const streamLimits = { max_stream_duration: timeout, grpc_timeout_header_max: timeout };
    for (const client of ["envoy", "weft-proxy", "unknown"] as const) {
      expect(routesOf(config, "a", client)[0]?.route).toEqual({
        cluster: "a",
        timeout,
        max_stream_duration: streamLimits,
      });
    }
    expect(routesOf(config, "a", "grpc-js-xds")[0]?.route).toEqual({
      cluster: "a",
      max_stream_duration: streamLimits,
    });
  });

  it("sends no stream limits for a rule without a timeout (Envoy would then drop its default timeout)", () => {
    const config: MeshConfig = { services: [{ name: "a", routes: [{ destinations: [{ service: "a" }] }] }] };
    for (const client of ["envoy", "weft-proxy", "grpc-js-xds"] as const) {
      expect(routesOf(config, "a", client)[0]?.route).toEqual({ cluster: "a" });
    }
  });

  it("translates matches: exact path, regex headers, absent headers, query parameters, method", () => {
    const config: MeshConfig = {
      services: [
        {
          name: "a",
          routes: [
            {
              match: {
                path: { exact: "/x" },
                headers: [
                  { name: "x-user", regex: "^u[0-9]+$" },
                  { name: "x-debug", absent: true },
                ],
                query: [
                  { name: "lang", exact: "en" },
                  { name: "debug", present: true },
                ],
                method: "PUT",
              },
              destinations: [{ service: "a" }],
            },
          ],
        },
      ],
    };
    expect(routesOf(config, "a")[0]?.match).toEqual({
      path: "/x",
      headers: [
        { name: "x-user", string_match: { safe_regex: { regex: "^u[0-9]+$" } } },
        { name: "x-debug", present_match: true, invert_match: true },
        { name: ":method", string_match: { exact: "PUT" } },
      ],
      query_parameters: [
        { name: "lang", string_match: { exact: "en" } },
        { name: "debug", present_match: true },
      ],
    });
  });

  it("drops query-matching rules for grpc-js-xds and says so", () => {
    const config: MeshConfig = {
      services: [
        {
          name: "a",
          subsets: [{ name: "s", labels: { v: "s" } }],
          routes: [
            {
              name: "q",
              match: { query: [{ name: "x", present: true }] },
              destinations: [{ service: "a", subset: "s" }],
            },
          ],
        },
      ],
    };
    const result = translate(config, "grpc-js-xds");
    expect(result.routes[0]?.virtual_hosts[0]?.routes.map((route) => route.name)).toEqual(["#default"]);
    expect(result.downgrades).toEqual([
      {
        resource: "RouteConfiguration/a",
        field: "virtual_hosts[a].routes[q]",
        from: "query parameter match",
        to: "omitted (rule dropped)",
        reason: "grpc-js-xds does not support query parameter match",
      },
    ]);
  });

  it("applies subset policies over the service policy section by section", () => {
    const result = translate({
      services: [
        {
          name: "a",
          subsets: [
            {
              name: "s",
              labels: { v: "s" },
              policy: { loadBalancer: { type: "least_request" }, circuitBreakers: { maxRetries: 1 } },
            },
          ],
          policy: {
            loadBalancer: { type: "random" },
            circuitBreakers: { maxRequests: 10 },
            outlierDetection: { consecutive5xx: 2 },
          },
        },
      ],
    });
    const [service, subset] = result.clusters;
    expect(service).toMatchObject({
      lb_policy: "RANDOM",
      circuit_breakers: { thresholds: [{ max_requests: { value: 10 } }] },
    });
    expect(subset).toMatchObject({
      name: "a|s",
      lb_policy: "LEAST_REQUEST",
      circuit_breakers: { thresholds: [{ priority: "DEFAULT", max_retries: { value: 1 } }] },
      outlier_detection: { consecutive_5xx: { value: 2 }, enforcing_success_rate: { value: 0 } },
    });
    expect(subset?.circuit_breakers?.thresholds[0]?.max_requests).toBeUndefined();
  });

  it("maps HTTP retry conditions to UNAVAILABLE for gRPC clients and drops status-code-only retries", () => {
    const config: MeshConfig = {
      services: [
        {
          name: "a",
          routes: [
            {
              name: "http",
              match: { method: "GET" },
              destinations: [{ service: "a" }],
              retry: { attempts: 3, retryOn: ["gateway-error", "cancelled"] },
            },
            {
              name: "codes",
              destinations: [{ service: "a" }],
              retry: { attempts: 3, retryOn: ["retriable-status-codes"], retriableStatusCodes: [409] },
            },
          ],
        },
      ],
    };
    const [http, codes] = routesOf(config, "a", "grpc-js-xds");
    // Every retry avoids the hosts already tried, as Istio configures it (gRPC clients ignore the predicate).
    const otherHosts = {
      retry_host_predicate: [
        {
          name: "envoy.retry_host_predicates.previous_hosts",
          typed_config: {
            "@type":
              "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
          },
        },
      ],
      host_selection_retry_max_attempts: 5,
    };
    expect(http?.route.retry_policy).toEqual({
      retry_on: "cancelled,unavailable",
      num_retries: { value: 3 },
      ...otherHosts,
    });
    expect(codes?.route.retry_policy).toBeUndefined();
    expect(routesOf(config, "a", "envoy")[1]?.route.retry_policy).toEqual({
      retry_on: "retriable-status-codes",
      num_retries: { value: 3 },
      retriable_status_codes: [409],
      ...otherHosts,
    });
  });

  it("does not depend on the node's id or service", () => {
    const config: MeshConfig = { services: [{ name: "a" }, { name: "b" }] };
    const one = translateForNode(
      config,
      [],
      { id: "x", service: "a", capabilities: { client: "envoy" } },
      NOW,
    );
    const two = translateForNode(config, [], { id: "y", capabilities: { client: "envoy" } }, NOW);
    expect(one).toEqual(two);
  });
});
