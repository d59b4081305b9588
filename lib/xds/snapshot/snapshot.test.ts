import { describe, expect, it } from "vitest";
import { weightedServiceResources } from "../testing/weighted-service";
import { buildSnapshot, changedKinds, SnapshotBuildError } from "./snapshot";

const service = (weights: [number, number]) =>
  weightedServiceResources("greeter", [
    { name: "v1", weight: weights[0], endpoints: [{ host: "10.0.0.1", port: 1 }] },
    { name: "v2", weight: weights[1], endpoints: [{ host: "10.0.0.2", port: 2 }] },
  ]);

describe("buildSnapshot", () => {
  it("versions each type by content: equal content gives equal versions, a change changes only its type", () => {
    const a = buildSnapshot(service([80, 20]));
    const again = buildSnapshot(service([80, 20]));
    const b = buildSnapshot(service([50, 50]));
    expect(changedKinds(a, again)).toEqual([]);
    expect(changedKinds(a, b)).toEqual(["routes"]);
    expect(b.routes.version).not.toBe(a.routes.version);
    expect(a.routes.version).toMatch(/^[0-9a-f]{16}$/);
    expect(changedKinds(undefined, a)).toEqual(["listeners", "routes", "clusters", "endpoints"]);
  });

  it("does not depend on the order resources are listed in", () => {
    const resources = service([80, 20]);
    const reversed = { ...resources, clusters: [...(resources.clusters ?? [])].reverse() };
    expect(buildSnapshot(reversed).clusters.version).toBe(buildSnapshot(resources).clusters.version);
  });

  it("refuses two resources of one type with the same name", () => {
    const resources = service([80, 20]);
    const twice = {
      ...resources,
      clusters: [...(resources.clusters ?? []), { name: "v1", lb_policy: "RANDOM" }],
    };
    expect(() => buildSnapshot(twice)).toThrow(SnapshotBuildError);
    expect(() => buildSnapshot(twice)).toThrow('clusters: two resources are named "v1"');
  });

  it("gives empty types a version too", () => {
    const empty = buildSnapshot({});
    expect(empty.listeners.resources.size).toBe(0);
    expect(empty.listeners.version).toMatch(/^[0-9a-f]{16}$/);
  });
});
