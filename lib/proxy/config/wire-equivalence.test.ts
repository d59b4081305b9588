import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeResource } from "@/lib/xds/protos";
import type { ResourceKind as XdsKind } from "@/lib/xds/resource-types";
import { envoyAnyDecoder } from "../xds/wire/any-decoder";
import { convertResources, type ResourceKind } from "./from-xds";
import { outboundListener, reviewsCluster, reviewsEndpoints, reviewsRoutes } from "./testing/xds-fixtures";

// The sidecar must read a resource the same whether a test hands it the control plane's JSON form or it
// arrives as protobuf bytes (proto3 drops defaults on the wire: empty wrappers, absent zeros). Every
// resource of the translator's golden outputs, both ways, must give the same model, errors and notes.
const GOLDEN = new URL("../../xds/translate/__golden__/", import.meta.url);
const KINDS: Readonly<Record<XdsKind, ResourceKind>> = {
  listeners: "Listener",
  routes: "RouteConfiguration",
  clusters: "Cluster",
  endpoints: "ClusterLoadAssignment",
};

const files = fs.readdirSync(GOLDEN).filter((name) => name.endsWith(".json"));

function expectSameBothWays(xdsKind: XdsKind, list: readonly object[]): void {
  const kind = KINDS[xdsKind];
  const wire = list.map((resource) => {
    const { any } = encodeResource(xdsKind, structuredClone(resource));
    return envoyAnyDecoder(any.type_url, any.value);
  });
  const fromJson = convertResources(kind, list);
  const fromWire = convertResources(kind, wire);
  expect([...fromWire.resources]).toEqual([...fromJson.resources]);
  expect(fromWire.errors).toEqual(fromJson.errors);
  expect(fromWire.notes).toEqual(fromJson.notes);
}

describe.each(files)("%s", (file) => {
  const golden = JSON.parse(fs.readFileSync(new URL(file, GOLDEN), "utf8")) as Record<string, unknown>;
  it.each(Object.keys(KINDS) as XdsKind[])("converts %s the same from JSON and from the wire", (xdsKind) =>
    expectSameBothWays(xdsKind, (golden[xdsKind] ?? []) as object[]),
  );
});

describe("hand-written resources, with fields set to their zero values", () => {
  it("converts a listener, routes, a cluster and endpoints the same both ways", () => {
    const listener = outboundListener();
    const routes = reviewsRoutes();
    const zeroRoutes = JSON.parse(
      JSON.stringify(routes)
        .replace('"num_retries":{"value":2}', '"num_retries":{"value":0}')
        .replace('"weight":{"value":10}', '"weight":{"value":0}'),
    ) as object;
    const cluster = reviewsCluster();
    const zeroCluster = {
      ...cluster,
      name: "zero",
      common_lb_config: { healthy_panic_threshold: { value: 0 } },
      outlier_detection: { consecutive_5xx: { value: 0 }, max_ejection_percent: { value: 0 } },
    };
    expectSameBothWays("listeners", [listener]);
    expectSameBothWays("routes", [routes, { ...zeroRoutes, name: "zero" }]);
    expectSameBothWays("clusters", [cluster, zeroCluster]);
    // protobufjs (the control plane's encoder) takes google.protobuf.Value's fields in camelCase only.
    const endpoints = JSON.parse(
      JSON.stringify(reviewsEndpoints()).replace('"string_value"', '"stringValue"'),
    ) as object;
    expectSameBothWays("endpoints", [endpoints]);
    const decoded = encodeResource("endpoints", endpoints).any;
    const assignment = convertResources("ClusterLoadAssignment", [
      envoyAnyDecoder(decoded.type_url, decoded.value),
    ]).resources.get("reviews|v1");
    expect(assignment?.endpoints[0]?.labels).toEqual({ version: "v1" });
  });
});
