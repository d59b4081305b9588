import { describe, expect, it } from "vitest";
import { loadSample } from "@/lib/mesh/samples/loadSample";
import {
  addRule,
  addService,
  checkDraft,
  issuesUnder,
  removeRule,
  ruleWeights,
  sameConfig,
  servicePath,
  updateRule,
  withKey,
  withWeights,
} from "./policyDraft";
import { setWeight } from "./weights";

const NOW = new Date("2026-03-10T12:00:00Z");

describe("policy draft", () => {
  it("moves a weight slider and stays valid", () => {
    const config = loadSample("shop");
    const split = config.services.find((s) => s.name === "reviews")!.routes![1]!;
    expect(ruleWeights(split)).toEqual([80, 20]);
    const weights = setWeight(
      ruleWeights(split).map((weight) => ({ weight })),
      0,
      70,
    );
    const draft = updateRule(config, "reviews", 1, (rule) => withWeights(rule, weights));
    expect(ruleWeights(draft.services.find((s) => s.name === "reviews")!.routes![1]!)).toEqual([70, 30]);
    expect(checkDraft(draft, NOW).ok).toBe(true);
    // The original is untouched.
    expect(ruleWeights(split)).toEqual([80, 20]);
    expect(sameConfig(config, draft)).toBe(false);
    expect(sameConfig(config, structuredClone(config))).toBe(true);
  });

  it("reports the server's own messages at the server's paths", () => {
    const config = loadSample("shop");
    const reviews = servicePath(config, "reviews");
    expect(reviews).toBe("services[4]");
    const badWeights = updateRule(config, "reviews", 1, (rule) => withWeights(rule, [70, 20]));
    const check = checkDraft(badWeights, NOW);
    expect(check.ok).toBe(false);
    expect(issuesUnder(check.errors, `${reviews}.routes[1]`).map((issue) => issue.path)).toEqual([
      `${reviews}.routes[1].destinations`,
    ]);
    expect(issuesUnder(check.errors, `${reviews}.routes[1]`)[0]?.message).toMatch(/100/);
    expect(issuesUnder(check.errors, `${reviews}.routes[0]`)).toEqual([]);

    const badTimeout = updateRule(config, "reviews", 1, (rule) => ({ ...rule, timeout: "soon" }));
    expect(checkDraft(badTimeout, NOW).errors).toEqual([
      {
        path: "services[4].routes[1].timeout",
        message: 'must be a duration such as "250ms", "1.5s" or "2m" (units h, m, s, ms)',
      },
    ]);
  });

  it("adds and removes services and rules, and drops unset keys", () => {
    let config = addService({ services: [] }, "cart");
    expect(addService(config, "cart")).toBe(config);
    config = addRule(config, "cart");
    expect(config.services[0]).toEqual({
      name: "cart",
      routes: [{ destinations: [{ service: "cart", weight: 100 }] }],
    });
    expect(checkDraft(config, NOW).ok).toBe(true);
    expect(removeRule(config, "cart", 0).services[0]).toEqual({ name: "cart" });
    expect(withKey({ a: 1, b: 2 } as { a: number; b?: number }, "b", undefined)).toEqual({ a: 1 });
  });
});
