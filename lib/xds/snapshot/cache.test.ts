import { describe, expect, it } from "vitest";
import type { ResourceKind } from "../resource-types";
import { weightedServiceResources } from "../testing/weighted-service";
import { SnapshotCache, SnapshotInconsistentError } from "./cache";
import { buildSnapshot, type Snapshot } from "./snapshot";

const snapshot = (weights: [number, number]) =>
  buildSnapshot(
    weightedServiceResources("greeter", [
      { name: "v1", weight: weights[0], endpoints: [{ host: "10.0.0.1", port: 1 }] },
      { name: "v2", weight: weights[1], endpoints: [{ host: "10.0.0.2", port: 2 }] },
    ]),
  );

describe("SnapshotCache", () => {
  it("stores snapshots per node id", () => {
    const cache = new SnapshotCache();
    const a = snapshot([80, 20]);
    cache.set("node-a", a);
    expect(cache.get("node-a")).toBe(a);
    expect(cache.get("node-b")).toBeUndefined();
    expect(cache.nodeIds()).toEqual(["node-a"]);
  });

  it("notifies a node's watchers only when a type's version changed, with the changed kinds", () => {
    const cache = new SnapshotCache();
    const seen: { node: string; changed: readonly ResourceKind[]; snapshot: Snapshot }[] = [];
    const stop = cache.watch("node-a", (s, changed) => seen.push({ node: "node-a", changed, snapshot: s }));
    cache.watch("node-b", (s, changed) => seen.push({ node: "node-b", changed, snapshot: s }));
    const first = snapshot([80, 20]);
    expect(cache.set("node-a", first)).toEqual(["listeners", "routes", "clusters", "endpoints"]);
    expect(cache.set("node-a", snapshot([80, 20]))).toEqual([]);
    expect(cache.get("node-a")).toBe(first);
    const second = snapshot([50, 50]);
    cache.set("node-a", second);
    expect(seen.map((s) => [s.node, s.changed])).toEqual([
      ["node-a", ["listeners", "routes", "clusters", "endpoints"]],
      ["node-a", ["routes"]],
    ]);
    stop();
    cache.set("node-a", snapshot([10, 90]));
    expect(seen).toHaveLength(2);
    expect(cache.watcherCount("node-a")).toBe(0);
  });

  it("refuses an inconsistent snapshot unless told to skip the check", () => {
    const cache = new SnapshotCache();
    const resources = weightedServiceResources("greeter", [{ name: "v1", weight: 1, endpoints: [] }]);
    const broken = buildSnapshot({ ...resources, endpoints: [] });
    expect(() => cache.set("node-a", broken)).toThrow(SnapshotInconsistentError);
    expect(() => cache.set("node-a", broken)).toThrow(
      'clusters "v1" eds_cluster_config refers to endpoints "v1"',
    );
    expect(cache.get("node-a")).toBeUndefined();
    cache.set("node-a", broken, { skipConsistencyCheck: true });
    expect(cache.get("node-a")).toBe(broken);
  });

  it("keeps notifying other watchers when one throws", () => {
    const errors: unknown[] = [];
    const cache = new SnapshotCache({ onWatcherError: (_node, error) => errors.push(error) });
    let calls = 0;
    cache.watch("n", () => {
      throw new Error("boom");
    });
    cache.watch("n", () => {
      calls += 1;
    });
    cache.set("n", snapshot([80, 20]));
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
