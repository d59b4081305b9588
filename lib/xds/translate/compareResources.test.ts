import { describe, expect, it } from "vitest";
import { setRuleDestinations, setRuleFault } from "@/lib/mesh/edit/edits";
import { loadSample } from "@/lib/mesh/samples/loadSample";
import { shopRegistry } from "./__fixtures__/shopRegistry";
import { compareResources } from "./compareResources";
import { translateForNode } from "./translateForNode";

const shop = loadSample("shop");
const now = new Date("2026-01-01T00:00:00Z");
const translate = (config: typeof shop, client: "envoy" | "grpc-js-xds" = "envoy") =>
  translateForNode(config, shopRegistry, { id: "n", capabilities: { client } }, now);

describe("compareResources", () => {
  it("finds nothing when the inputs are equal", () => {
    expect(compareResources(translate(shop), translate(structuredClone(shop)))).toEqual([]);
  });

  it("names the one route configuration and the one route a weight change touches", () => {
    const next = setRuleDestinations(shop, "reviews", "split", [
      { service: "reviews", subset: "v1", weight: 50 },
      { service: "reviews", subset: "v2", weight: 50 },
    ]);
    expect(compareResources(translate(shop), translate(next))).toEqual([
      {
        type: "RouteConfiguration",
        name: "reviews",
        change: "changed",
        routes: [{ name: "split", change: "changed" }],
      },
    ]);
  });

  it("reports added routes (a header-gated fault adds one for gRPC clients) and added/removed resources", () => {
    const faulted = setRuleFault(shop, "reviews", "split", {
      abort: { percentage: 50, grpcStatus: 14 },
      headers: [{ name: "x-chaos", present: true }],
    });
    expect(compareResources(translate(shop, "grpc-js-xds"), translate(faulted, "grpc-js-xds"))).toEqual([
      {
        type: "RouteConfiguration",
        name: "reviews",
        change: "changed",
        routes: [{ name: "split#fault", change: "added" }],
      },
    ]);
    const withoutCart = { ...shop, services: shop.services.filter((service) => service.name !== "cart") };
    const changes = compareResources(translate(shop), translate(withoutCart));
    expect(changes).toEqual([
      { type: "Listener", name: "cart", change: "removed" },
      { type: "RouteConfiguration", name: "cart", change: "removed" },
      { type: "Cluster", name: "cart", change: "removed" },
      { type: "ClusterLoadAssignment", name: "cart", change: "removed" },
    ]);
    expect(compareResources(translate(withoutCart), translate(shop)).map((c) => c.change)).toEqual([
      "added",
      "added",
      "added",
      "added",
    ]);
  });
});
