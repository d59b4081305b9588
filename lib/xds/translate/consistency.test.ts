import { describe, expect, it } from "vitest";
import { loadSample } from "@/lib/mesh/samples/loadSample";
import { shopRegistry } from "./__fixtures__/shopRegistry";
import { checkConsistency } from "./consistency";
import { translateForNode } from "./translateForNode";
import type { TranslationResult } from "./types";

function shop(): TranslationResult {
  return translateForNode(
    loadSample("shop"),
    shopRegistry,
    { id: "n", capabilities: { client: "envoy" } },
    new Date(0),
  );
}

describe("checkConsistency", () => {
  it("finds nothing wrong in a translation", () => {
    expect(checkConsistency(shop())).toEqual([]);
  });

  it("reports a listener whose route configuration is missing", () => {
    const resources = shop();
    resources.routes = resources.routes.filter((route) => route.name !== "cart");
    expect(checkConsistency(resources)).toEqual([
      { resource: "Listener/cart", message: 'route configuration "cart" does not exist' },
    ]);
  });

  it("reports missing clusters used by weighted routes and mirrors", () => {
    const resources = shop();
    resources.clusters = resources.clusters.filter((cluster) => cluster.name !== "reviews|v3");
    resources.endpoints = resources.endpoints.filter(
      (assignment) => assignment.cluster_name !== "reviews|v3",
    );
    resources.clusters = resources.clusters.filter((cluster) => cluster.name !== "reviews|v1");
    expect(checkConsistency(resources)).toEqual([
      {
        resource: "RouteConfiguration/reviews",
        message: 'route split in virtual host reviews uses cluster "reviews|v1", which does not exist',
      },
      {
        resource: "RouteConfiguration/reviews",
        message: 'route split in virtual host reviews uses cluster "reviews|v3", which does not exist',
      },
      { resource: "ClusterLoadAssignment/reviews|v1", message: "no cluster uses this load assignment" },
    ]);
  });

  it("reports an EDS cluster without a load assignment, and duplicate names", () => {
    const resources = shop();
    resources.endpoints = resources.endpoints.filter((assignment) => assignment.cluster_name !== "web");
    const [first] = resources.listeners;
    if (first) resources.listeners.push(first);
    expect(checkConsistency(resources)).toEqual([
      { resource: "Listener/cart", message: 'duplicate Listener name "cart"' },
      { resource: "Cluster/web", message: 'load assignment "web" does not exist' },
    ]);
  });
});
