import { describe, expect, it } from "vitest";
import type { LbPolicy } from "../config/cluster-model";
import { seededRandom } from "../util/random";
import { createLoadBalancer } from "./create";
import { expectedShares, hostsWithWeights, maxAbsDiff, pickShares } from "./testing";

const policies: LbPolicy[] = [
  { kind: "round_robin" },
  { kind: "random" },
  { kind: "least_request", choiceCount: 2 },
  { kind: "ring_hash", minRingSize: 65_536, maxRingSize: 8_388_608 },
  { kind: "maglev", tableSize: 65_537 },
];

describe("createLoadBalancer", () => {
  it.each(policies.map((p) => [p.kind, p] as const))("%s honours weights 1:2:3:4", (_kind, policy) => {
    const weights = [1, 2, 3, 4];
    const lb = createLoadBalancer(policy, hostsWithWeights(weights), {
      random: seededRandom(21),
      activeRequests: () => 0,
    });
    const tolerance = policy.kind === "ring_hash" ? 0.015 : 0.006;
    expect(maxAbsDiff(pickShares(lb, 100_000), expectedShares(weights))).toBeLessThan(tolerance);
  });

  it.each(policies.map((p) => [p.kind, p] as const))(
    "%s has nothing to pick from an empty set",
    (_kind, policy) => {
      expect(createLoadBalancer(policy, [], { random: Math.random }).pick({ hash: 7 })).toBeUndefined();
    },
  );
});
