import { describe, expect, it } from "vitest";
import { capabilitiesOf } from "./capabilities";
import { TranslationContext } from "./context";
import { buildLoadAssignment, instancesOf } from "./loadAssignment";
import type { RegistryEndpoint } from "./types";

function context(): TranslationContext {
  return new TranslationContext({ services: [] }, capabilitiesOf("envoy"), new Date(0));
}

const endpoint = (address: string, extra: Partial<RegistryEndpoint> = {}): RegistryEndpoint => ({
  service: "reviews",
  address,
  port: 9080,
  labels: { version: "v1" },
  ...extra,
});

function socketsByZone(assignment: ReturnType<typeof buildLoadAssignment>) {
  return assignment.endpoints.map((locality) => ({
    zone: locality.locality.zone ?? "",
    weight: locality.load_balancing_weight.value,
    endpoints: locality.lb_endpoints.map(
      (lb) =>
        `${lb.endpoint.address.socket_address.address}:${lb.endpoint.address.socket_address.port_value} ${lb.health_status} w${lb.load_balancing_weight.value}`,
    ),
  }));
}

describe("buildLoadAssignment", () => {
  it("selects instances carrying every selector label and groups them by zone, sorted", () => {
    const instances = [
      endpoint("10.0.0.3", { zone: "b" }),
      endpoint("10.0.0.1", { zone: "a", labels: { version: "v1", track: "x" } }),
      endpoint("10.0.0.2", { zone: "a", labels: { version: "v2" } }),
      endpoint("10.0.0.4"),
    ];
    expect(socketsByZone(buildLoadAssignment("reviews|v1", { version: "v1" }, instances, context()))).toEqual(
      [
        { zone: "", weight: 1, endpoints: ["10.0.0.4:9080 UNKNOWN w1"] },
        { zone: "a", weight: 1, endpoints: ["10.0.0.1:9080 UNKNOWN w1"] },
        { zone: "b", weight: 1, endpoints: ["10.0.0.3:9080 UNKNOWN w1"] },
      ],
    );
  });

  it("weights a locality by its usable endpoints, never below 1", () => {
    const instances = [
      endpoint("10.0.0.1", { zone: "a", weight: 3, healthy: true }),
      endpoint("10.0.0.2", { zone: "a", weight: 5, healthy: false }),
      endpoint("10.0.0.3", { zone: "a" }),
      endpoint("10.0.0.4", { zone: "b", healthy: false }),
    ];
    expect(socketsByZone(buildLoadAssignment("reviews", {}, instances, context()))).toEqual([
      {
        zone: "a",
        weight: 4,
        endpoints: ["10.0.0.1:9080 HEALTHY w3", "10.0.0.2:9080 UNHEALTHY w5", "10.0.0.3:9080 UNKNOWN w1"],
      },
      { zone: "b", weight: 1, endpoints: ["10.0.0.4:9080 UNHEALTHY w1"] },
    ]);
  });

  it("drops repeated address:port pairs and reports host names", () => {
    const ctx = context();
    const instances = [endpoint("10.0.0.1"), endpoint("10.0.0.1"), endpoint("db.internal"), endpoint("::1")];
    expect(socketsByZone(buildLoadAssignment("reviews", {}, instances, ctx))).toEqual([
      { zone: "", weight: 2, endpoints: ["10.0.0.1:9080 UNKNOWN w1", "::1:9080 UNKNOWN w1"] },
    ]);
    expect(ctx.downgrades()).toEqual([
      {
        resource: "ClusterLoadAssignment/reviews",
        field: "endpoints[db.internal:9080]",
        from: "endpoint db.internal:9080",
        to: "omitted",
        reason: "endpoint addresses must be IP literals",
      },
    ]);
  });

  it("gives an empty assignment when nothing matches", () => {
    expect(buildLoadAssignment("reviews|v9", { version: "v9" }, [endpoint("10.0.0.1")], context())).toEqual({
      cluster_name: "reviews|v9",
      endpoints: [],
    });
  });
});

describe("instancesOf", () => {
  it("adds the admin's external endpoints after the registered ones of the same service", () => {
    const registry = [endpoint("10.0.0.1"), { ...endpoint("10.9.9.9"), service: "other" }];
    const service = {
      name: "reviews",
      endpoints: [{ address: "192.168.1.5", port: 80, zone: "dc1", weight: 4 }],
    };
    expect(instancesOf(service, registry)).toEqual([
      endpoint("10.0.0.1"),
      { service: "reviews", address: "192.168.1.5", port: 80, labels: {}, zone: "dc1", weight: 4 },
    ]);
  });
});
