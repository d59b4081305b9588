import { describe, expect, it } from "vitest";
import { everyClusterServes } from "./readiness";

const endpoint = (inBalancer: boolean) => ({ address: "127.0.0.1:1", in_balancer: inBalancer });

describe("everyClusterServes", () => {
  it("needs an endpoint in the balancer in every cluster", () => {
    expect(
      everyClusterServes({ cart: { endpoints: [endpoint(true)] }, web: { endpoints: [endpoint(true)] } }),
    ).toBe(true);
    expect(everyClusterServes({ cart: { endpoints: [] }, web: { endpoints: [endpoint(true)] } })).toBe(false);
    expect(everyClusterServes({ cart: { endpoints: [endpoint(false)] } })).toBe(false);
  });

  it("is false for no clusters or an answer of another shape", () => {
    expect(everyClusterServes({})).toBe(false);
    expect(everyClusterServes(null)).toBe(false);
    expect(everyClusterServes({ cart: null })).toBe(false);
  });
});
