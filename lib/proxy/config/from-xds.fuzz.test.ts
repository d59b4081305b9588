import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/random";
import { fromXds } from "./from-xds";
import { outboundListener, reviewsCluster, reviewsEndpoints, reviewsRoutes } from "./testing/xds-fixtures";

const JUNK: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  7.5,
  "",
  "x",
  true,
  [],
  {},
  [1, "a"],
  { value: "nope" },
  "NaN",
];

/** Replaces one random nested value of `root` with junk. */
function mutate(root: Record<string, unknown>, random: () => number): void {
  const paths: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) {
        paths.push([node, i]);
        walk(child);
      }
    } else if (typeof node === "object" && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        paths.push([node as Record<string, unknown>, key]);
        walk(child);
      }
    }
  };
  walk(root);
  const [parent, key] = paths[Math.floor(random() * paths.length)]!;
  const junk = JUNK[Math.floor(random() * JUNK.length)];
  (parent as Record<string | number, unknown>)[key] = junk;
}

describe("fromXds on malformed input", () => {
  it("never throws: every mutation yields a model or precise errors", () => {
    const random = seededRandom(2024);
    let rejected = 0;
    for (let i = 0; i < 600; i++) {
      const resources = {
        listeners: [outboundListener()],
        routeConfigurations: [reviewsRoutes()],
        clusters: [reviewsCluster()],
        clusterLoadAssignments: [reviewsEndpoints()],
      };
      const targets = [
        resources.listeners[0]!,
        resources.routeConfigurations[0]!,
        resources.clusters[0]!,
        resources.clusterLoadAssignments[0]!,
      ];
      for (let m = 0; m < 3; m++) mutate(targets[Math.floor(random() * targets.length)]!, random);
      const result = fromXds(resources);
      if (!result.ok) {
        rejected++;
        for (const error of result.errors) {
          expect(error.message).toMatch(/^(Listener|RouteConfiguration|Cluster|ClusterLoadAssignment) /);
          expect(error.message).not.toContain("cannot be converted");
        }
      }
    }
    // Most random damage is detected; the rest hit fields whose junk reads as "unset".
    expect(rejected).toBeGreaterThan(200);
  });
});
