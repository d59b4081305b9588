import { describe, expect, it } from "vitest";
import { loadSample } from "../samples/loadSample";
import type { MeshConfig, RouteRule } from "../schema";
import { diffMeshConfig } from "./diffMeshConfig";

function edit(mutate: (config: MeshConfig) => void): { before: MeshConfig; after: MeshConfig } {
  const before = loadSample("shop");
  const after = structuredClone(before);
  mutate(after);
  return { before, after };
}

function service(config: MeshConfig, name: string) {
  const found = config.services.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

function rule(config: MeshConfig, serviceName: string, ruleName: string): RouteRule {
  const found = service(config, serviceName).routes?.find((candidate) => candidate.name === ruleName);
  if (!found) throw new Error(`no rule ${ruleName}`);
  return found;
}

describe("diffMeshConfig", () => {
  it("finds nothing between equal configs", () => {
    const { before, after } = edit(() => {});
    expect(diffMeshConfig(before, after)).toEqual({ entries: [], summary: [] });
  });

  it("keys weight changes by rule and destination names", () => {
    const { before, after } = edit((config) => {
      const [v1, v2] = rule(config, "reviews", "split").destinations;
      if (v1) v1.weight = 50;
      if (v2) v2.weight = 50;
    });
    expect(diffMeshConfig(before, after)).toEqual({
      entries: [
        {
          path: "services[reviews].routes[split].destinations[reviews|v1].weight",
          kind: "changed",
          before: 80,
          after: 50,
        },
        {
          path: "services[reviews].routes[split].destinations[reviews|v2].weight",
          kind: "changed",
          before: 20,
          after: 50,
        },
      ],
      summary: ["reviews: weights v1 80→50, v2 20→50"],
    });
  });

  it("reports added and removed named items by name, not by index", () => {
    const { before, after } = edit((config) => {
      const reviews = service(config, "reviews");
      reviews.subsets = reviews.subsets?.filter((subset) => subset.name !== "v1");
      reviews.subsets?.unshift({ name: "v4", labels: { version: "v4" } });
      config.services = config.services.filter((candidate) => candidate.name !== "web");
    });
    const { entries, summary } = diffMeshConfig(before, after);
    expect(entries).toEqual([
      { path: "services[web]", kind: "removed", before: before.services[0] },
      {
        path: "services[reviews].subsets[v1]",
        kind: "removed",
        before: { name: "v1", labels: { version: "v1" } },
      },
      {
        path: "services[reviews].subsets[v4]",
        kind: "added",
        after: { name: "v4", labels: { version: "v4" } },
      },
    ]);
    expect(summary).toEqual(["web: service removed", "reviews: subsets[v1] removed; subsets[v4] added"]);
  });

  it("describes scalar changes, additions and list values inline", () => {
    const { before, after } = edit((config) => {
      const chaos = rule(config, "ratings", "chaos");
      chaos.timeout = "2s";
      delete chaos.fault;
      const search = rule(config, "catalog", "search");
      if (search.retry) search.retry.retryOn = ["5xx"];
      service(config, "cart").policy = {
        ...service(config, "cart").policy,
        loadBalancer: { type: "round_robin" },
      };
      service(config, "web").labels = { tier: "edge", team: "storefront" };
    });
    const { entries, summary } = diffMeshConfig(before, after);
    expect(entries.map(({ path, kind }) => `${kind} ${path}`)).toEqual([
      "changed services[web].labels.tier",
      "added services[web].labels.team",
      "changed services[catalog].routes[search].retry.retryOn",
      "changed services[cart].policy.loadBalancer.type",
      "changed services[ratings].routes[chaos].timeout",
      "removed services[ratings].routes[chaos].fault",
    ]);
    expect(summary).toEqual([
      "web: labels.tier frontend→edge; labels.team added (storefront)",
      "catalog: routes[search].retry.retryOn [5xx, reset, connect-failure]→[5xx]",
      "cart: policy.loadBalancer.type least_request→round_robin",
      "ratings: routes[chaos].timeout 1s→2s; routes[chaos].fault removed",
    ]);
  });

  it("treats reordering rules as a change, since rules are evaluated in order", () => {
    const { before, after } = edit((config) => {
      service(config, "reviews").routes?.reverse();
    });
    expect(diffMeshConfig(before, after)).toEqual({
      entries: [
        {
          path: "services[reviews].routes",
          kind: "changed",
          before: ["jason", "split"],
          after: ["split", "jason"],
        },
      ],
      summary: ["reviews: rules reordered"],
    });
  });

  it("does not treat reordering services as a change", () => {
    const { before, after } = edit((config) => {
      config.services.reverse();
    });
    expect(diffMeshConfig(before, after).entries).toEqual([]);
  });

  it("summarizes destinations added to a split and names rules when several changed", () => {
    const { before, after } = edit((config) => {
      const split = rule(config, "reviews", "split");
      split.destinations = [
        { service: "reviews", subset: "v1", weight: 70 },
        { service: "reviews", subset: "v2", weight: 20 },
        { service: "reviews", subset: "v3", weight: 10 },
      ];
      rule(config, "reviews", "jason").destinations = [{ service: "ratings" }];
    });
    expect(diffMeshConfig(before, after).summary).toEqual([
      "reviews: rule jason weights v2 removed, ratings added; rule split weights v1 80→70, v3 added (10)",
    ]);
  });

  it("keys authorization policies and endpoints", () => {
    const { before, after } = edit((config) => {
      config.authorization = config.authorization?.filter((policy) => policy.name !== "no-admin-paths");
      const endpoint = service(config, "ratings").endpoints?.[0];
      if (endpoint) endpoint.weight = 5;
    });
    const { entries, summary } = diffMeshConfig(before, after);
    expect(entries.map(({ path, kind }) => `${kind} ${path}`)).toEqual([
      "changed services[ratings].endpoints[10.0.9.1:9080].weight",
      "removed authorization[no-admin-paths]",
    ]);
    expect(summary).toEqual([
      "ratings: endpoints[10.0.9.1:9080].weight 2→5",
      "authorization no-admin-paths: policy removed",
    ]);
  });
});
