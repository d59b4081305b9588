import { describe, expect, it } from "vitest";
import { setRuleFault } from "@/lib/mesh/edit/edits";
import { loadSample } from "@/lib/mesh/samples/loadSample";
import type { MeshConfig } from "@/lib/mesh/schema";
import type { NodeInfo } from "../node";
import { shopRegistry } from "../translate/__fixtures__/shopRegistry";
import { translationNode } from "./nodeAdapter";
import { computePlan, nextFaultExpiry, SnapshotPlanner } from "./snapshotPlanner";

const shop = loadSample("shop");
const now = new Date("2026-01-01T00:00:00Z");
const node = (client: "envoy" | "grpc-js-xds") => ({ id: `node-${client}`, capabilities: { client } });

describe("SnapshotPlanner", () => {
  it("computes one plan per client kind and shares it until the inputs change", () => {
    const planner = new SnapshotPlanner({ config: shop, registry: shopRegistry, now });
    const envoy = planner.planFor(node("envoy"));
    expect(planner.planFor(node("envoy"))).toBe(envoy);
    const grpc = planner.planFor(node("grpc-js-xds"));
    expect(grpc.snapshot.clusters.version).not.toBe(envoy.snapshot.clusters.version);
    expect(grpc.downgrades.map((d) => `${d.resource} ${d.field}`)).toContain("Cluster/cart lb_policy");
    expect(envoy.downgrades.every((d) => d.to === "omitted" && d.reason.includes("IP literals"))).toBe(true);
    planner.setInputs({ config: shop, registry: shopRegistry, now });
    const again = planner.planFor(node("envoy"));
    expect(again).not.toBe(envoy);
    // Same inputs, same content: the versions are content hashes.
    expect(again.snapshot.routes.version).toBe(envoy.snapshot.routes.version);
    expect([...again.snapshot.listeners.resources.keys()]).toEqual([
      "cart",
      "catalog",
      "pricing",
      "ratings",
      "reviews",
      "web",
    ]);
  });

  it("changes only the endpoint version when only the registry changes", () => {
    const before = computePlan({ config: shop, registry: shopRegistry, now }, node("envoy")).snapshot;
    const registry = [
      ...shopRegistry,
      { service: "cart", address: "10.0.3.12", port: 50051, labels: {}, healthy: true },
    ];
    const after = computePlan({ config: shop, registry, now }, node("envoy")).snapshot;
    expect(after.endpoints.version).not.toBe(before.endpoints.version);
    expect(after.routes.version).toBe(before.routes.version);
    expect(after.clusters.version).toBe(before.clusters.version);
    expect(after.listeners.version).toBe(before.listeners.version);
  });

  it("drops a fault once it expires, so a plan at a later time differs", () => {
    const config = setRuleFault(shop, "reviews", "split", {
      abort: { percentage: 50, httpStatus: 503 },
      expiresAt: "2026-01-01T00:10:00Z",
    });
    const during = computePlan({ config, registry: [], now }, node("envoy")).snapshot;
    const after = computePlan(
      { config, registry: [], now: new Date("2026-01-01T00:10:01Z") },
      node("envoy"),
    ).snapshot;
    const withoutFault = computePlan({ config: shop, registry: [], now }, node("envoy")).snapshot;
    expect(during.routes.version).not.toBe(after.routes.version);
    expect(after.routes.version).toBe(withoutFault.routes.version);
  });
});

describe("SnapshotPlanner failures", () => {
  it("keeps a failed plan until the inputs change, then recovers", () => {
    // A destination the config does not define (the config skipped validation): a dangling cluster.
    const broken = {
      services: [{ name: "a", routes: [{ destinations: [{ service: "missing" }] }] }],
    } as MeshConfig;
    const planner = new SnapshotPlanner({ config: broken, registry: [], now });
    expect(() => planner.planFor(node("envoy"))).toThrow(/cannot publish a snapshot for envoy clients/);
    expect(() => planner.planFor(node("envoy"))).toThrow(/Cluster "missing"|cluster "missing"/);
    planner.setInputs({ config: shop, registry: [], now });
    expect(planner.planFor(node("envoy")).snapshot.listeners.resources.size).toBe(6);
  });
});

describe("nextFaultExpiry", () => {
  it("is the earliest expiry still in the future", () => {
    let config: MeshConfig = setRuleFault(shop, "reviews", "split", {
      delay: { percentage: 1, duration: "1s" },
      expiresAt: "2026-01-01T02:00:00Z",
    });
    config = setRuleFault(config, "reviews", "jason", {
      delay: { percentage: 1, duration: "1s" },
      expiresAt: "2025-12-31T00:00:00Z",
    });
    // shop's own ratings fault expires in 2030.
    expect(nextFaultExpiry(config, now)?.toISOString()).toBe("2026-01-01T02:00:00.000Z");
    expect(nextFaultExpiry(config, new Date("2026-06-01T00:00:00Z"))?.toISOString()).toBe(
      "2030-01-01T00:00:00.000Z",
    );
    expect(nextFaultExpiry({ services: [] }, now)).toBeUndefined();
  });
});

describe("translationNode", () => {
  it("moves the stream node's client kind under capabilities", () => {
    const node: NodeInfo = {
      id: "n1",
      cluster: "c",
      service: "web",
      labels: { version: "v1" },
      client: "grpc-js-xds",
      problems: [],
    };
    expect(translationNode(node)).toEqual({
      id: "n1",
      service: "web",
      capabilities: { client: "grpc-js-xds" },
    });
    expect(translationNode({ ...node, service: undefined })).toEqual({
      id: "n1",
      capabilities: { client: "grpc-js-xds" },
    });
  });
});
