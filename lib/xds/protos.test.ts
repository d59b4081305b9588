import { describe, expect, it } from "vitest";
import {
  decodeAny,
  ENVOY_PROTO_FILES,
  encodeResource,
  envoyProtoIncludeDirs,
  ResourceEncodingError,
} from "./protos";
import { TYPE_URLS } from "./resource-types";

const HCM =
  "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const FAULT = "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault";

function routeWithFaults(order: "abort-first" | "delay-first") {
  const abort = { abort: { http_status: 503, percentage: { numerator: 50, denominator: "HUNDRED" } } };
  const delay = { delay: { fixed_delay: { seconds: 1, nanos: 500_000_000 }, percentage: { numerator: 10 } } };
  const perFilter =
    order === "abort-first"
      ? { "envoy.filters.http.fault": { "@type": FAULT, ...abort }, "x.second": { "@type": FAULT, ...delay } }
      : {
          "x.second": { "@type": FAULT, ...delay },
          "envoy.filters.http.fault": { "@type": FAULT, ...abort },
        };
  return {
    name: "r",
    virtual_hosts: [{ name: "v", domains: ["*"], typed_per_filter_config: perFilter, routes: [] }],
  };
}

describe("protos", () => {
  it("loads the Envoy protos from the @grpc/grpc-js-xds package, not from this repository", () => {
    const dirs = envoyProtoIncludeDirs();
    expect(dirs[0]).toMatch(/node_modules[/\\]@grpc[/\\]grpc-js-xds[/\\]deps[/\\]envoy-api$/);
    expect(ENVOY_PROTO_FILES).toContain("envoy/service/discovery/v3/ads.proto");
  });

  it("encodes a listener with a nested Any, and decodes back to the same content", () => {
    const listener = {
      name: "greeter",
      api_listener: {
        api_listener: {
          "@type": HCM,
          rds: {
            route_config_name: "greeter-routes",
            config_source: { ads: {}, resource_api_version: "V3" },
          },
          http_filters: [
            {
              name: "router",
              typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
            },
          ],
        },
      },
    };
    const encoded = encodeResource("listeners", listener);
    expect(encoded.name).toBe("greeter");
    expect(encoded.any.type_url).toBe(TYPE_URLS.listeners);
    expect(encoded.version).toMatch(/^[0-9a-f]{16}$/);
    const decoded = decodeAny(encoded.any);
    expect(decoded).toEqual({
      name: "greeter",
      api_listener: {
        api_listener: {
          "@type": HCM,
          rds: {
            route_config_name: "greeter-routes",
            config_source: { ads: {}, resource_api_version: "V3" },
          },
          http_filters: [
            {
              name: "router",
              typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
            },
          ],
        },
      },
    });
  });

  it("gives the same bytes and version whatever the key order, including map entries", () => {
    const a = encodeResource("routes", routeWithFaults("abort-first"));
    const b = encodeResource("routes", routeWithFaults("delay-first"));
    expect(Buffer.from(a.any.value).equals(Buffer.from(b.any.value))).toBe(true);
    expect(a.version).toBe(b.version);
    const other = encodeResource("routes", { ...routeWithFaults("abort-first"), name: "r2" });
    expect(other.version).not.toBe(a.version);
  });

  it("encodes Durations, wrappers and enums given as names or numbers", () => {
    const cluster = {
      name: "c",
      type: 3,
      connect_timeout: { seconds: 2, nanos: 0 },
      lb_policy: "RING_HASH",
      eds_cluster_config: { eds_config: { ads: {} } },
      circuit_breakers: { thresholds: [{ max_requests: { value: 7 } }] },
    };
    const decoded = decodeAny(encodeResource("clusters", cluster).any);
    expect(decoded).toMatchObject({
      type: "EDS",
      connect_timeout: { seconds: "2" },
      lb_policy: "RING_HASH",
      circuit_breakers: { thresholds: [{ max_requests: { value: 7 } }] },
    });
  });

  it("encodes each distinct resource once and freezes it, so later mutation cannot go unseen", () => {
    const cluster = { name: "frozen", lb_policy: "ROUND_ROBIN" };
    const first = encodeResource("clusters", cluster);
    expect(encodeResource("clusters", cluster)).toBe(first);
    expect(encodeResource("clusters", { lb_policy: "ROUND_ROBIN", name: "frozen" })).toBe(first);
    expect(() => {
      (cluster as { name: string }).name = "changed";
    }).toThrow(TypeError);
  });

  it("refuses unknown fields (with a snake_case hint), unknown enum names and unloaded Any types", () => {
    const attempt = (kind: "clusters" | "listeners", resource: object) => {
      try {
        encodeResource(kind, resource);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ResourceEncodingError);
        return (error as ResourceEncodingError).problems;
      }
    };
    expect(attempt("clusters", { name: "c", lbPolicy: "ROUND_ROBIN" })).toEqual([
      'Cluster.lbPolicy: envoy.config.cluster.v3.Cluster has no field "lbPolicy" (did you mean "lb_policy"? names are snake_case)',
    ]);
    expect(attempt("clusters", { name: "c", lb_policy: "FASTEST" })).toEqual([
      'Cluster.lb_policy: "FASTEST" is not a value of LbPolicy',
    ]);
    expect(
      attempt("listeners", {
        name: "l",
        api_listener: { api_listener: { "@type": "type.googleapis.com/no.Such" } },
      }),
    ).toEqual([
      "Listener.api_listener.api_listener.@type: message no.Such is not loaded (add its .proto to ENVOY_PROTO_FILES)",
    ]);
    expect(attempt("clusters", { lb_policy: "ROUND_ROBIN" })).toEqual(["name must be a non-empty string"]);
  });
});

describe("protos: google.protobuf.Struct", () => {
  it("takes Struct values in protobufjs's camelCase and points snake_case at it", () => {
    const cluster = {
      name: "with-metadata",
      metadata: { filter_metadata: { weft: { fields: { subset: { stringValue: "v2" } } } } },
    };
    const decoded = decodeAny(encodeResource("clusters", cluster).any);
    expect(decoded.metadata).toEqual({
      filter_metadata: { weft: { fields: { subset: { stringValue: "v2" } } } },
    });
    expect(() =>
      encodeResource("clusters", {
        name: "snake",
        metadata: { filter_metadata: { weft: { fields: { subset: { string_value: "v2" } } } } },
      }),
    ).toThrow('has no field "string_value" (did you mean "stringValue"? Value is camelCase in protobufjs)');
  });
});
