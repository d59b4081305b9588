import { describe, expect, it } from "vitest";
import { loadSample } from "../samples/loadSample";
import type { MeshConfig } from "../schema";
import { validateMeshConfig } from "../validate/validateMeshConfig";
import {
  clearAllFaults,
  clearRuleFault,
  putExternalEndpoint,
  removeExternalEndpoint,
  setRuleDestinations,
  setRuleFault,
  withExpiry,
} from "./edits";
import { MeshEditError } from "./locate";

const shop = loadSample("shop");
const reviews = (config: MeshConfig) => config.services.find((service) => service.name === "reviews");

describe("form edits", () => {
  it("sets the weights of one rule by name, leaving the input and the other rules untouched", () => {
    const before = structuredClone(shop);
    const next = setRuleDestinations(shop, "reviews", "split", [
      { service: "reviews", subset: "v1", weight: 50 },
      { service: "reviews", subset: "v2", weight: 50 },
    ]);
    expect(shop).toEqual(before);
    expect(reviews(next)?.routes?.[1]).toMatchObject({
      name: "split",
      destinations: [
        { service: "reviews", subset: "v1", weight: 50 },
        { service: "reviews", subset: "v2", weight: 50 },
      ],
      timeout: "1500ms",
    });
    expect(reviews(next)?.routes?.[0]).toEqual(reviews(shop)?.routes?.[0]);
    expect(validateMeshConfig(next).ok).toBe(true);
  });

  it("addresses an unnamed rule by index and names unknown services and rules", () => {
    const config: MeshConfig = {
      services: [{ name: "a", routes: [{ destinations: [{ service: "a" }] }] }],
    };
    expect(
      setRuleDestinations(config, "a", "0", [{ service: "a", weight: 100 }]).services[0]?.routes?.[0],
    ).toEqual({ destinations: [{ service: "a", weight: 100 }] });
    expect(() => setRuleDestinations(config, "b", "0", [])).toThrow(
      new MeshEditError('service "b" is not in the mesh config'),
    );
    expect(() => setRuleDestinations(config, "a", "1", [])).toThrow(
      new MeshEditError('service "a" has no rule "1" (rules: 0)'),
    );
    expect(() => setRuleDestinations(shop, "reviews", "nope", [])).toThrow(/rules: jason, split/);
  });

  it("sets and clears one rule's fault, and refuses to clear a fault that is not there", () => {
    const fault = { abort: { percentage: 50, grpcStatus: 14 } };
    const faulted = setRuleFault(shop, "reviews", "split", fault);
    expect(reviews(faulted)?.routes?.[1]?.fault).toEqual(fault);
    const cleared = clearRuleFault(faulted, "reviews", "split");
    expect(reviews(cleared)?.routes?.[1]).not.toHaveProperty("fault");
    expect(reviews(cleared)).toEqual(reviews(shop));
    expect(() => clearRuleFault(shop, "reviews", "split")).toThrow(
      'rule "split" of service "reviews" has no fault',
    );
  });

  it("kill switch: removes every fault and lists where they were; a config without faults is returned as is", () => {
    const twoFaults = setRuleFault(shop, "reviews", "jason", { delay: { percentage: 100, duration: "1s" } });
    const { config, removed } = clearAllFaults(twoFaults);
    expect(removed).toEqual([
      { service: "reviews", rule: "jason" },
      { service: "ratings", rule: "chaos" },
    ]);
    expect(config.services.flatMap((s) => s.routes ?? []).filter((rule) => rule.fault)).toEqual([]);
    const again = clearAllFaults(config);
    expect(again.removed).toEqual([]);
    expect(again.config).toBe(config);
  });

  it("turns expiresIn into an absolute expiresAt, within bounds", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const fault = { abort: { percentage: 10, httpStatus: 503 } };
    expect(withExpiry(fault, "15m", now)).toEqual({ ...fault, expiresAt: "2026-01-01T00:15:00.000Z" });
    expect(withExpiry(fault, undefined, now)).toBe(fault);
    expect(() => withExpiry(fault, "forever", now)).toThrow(/expiresIn "forever" must be a duration/);
    expect(() => withExpiry(fault, "800h", now)).toThrow(/from 1ms to 30 days/);
    expect(() => withExpiry({ ...fault, expiresAt: "2026-01-02T00:00:00Z" }, "1m", now)).toThrow(/not both/);
  });

  it("adds, replaces and removes external endpoints by address and port", () => {
    const added = putExternalEndpoint(shop, "reviews", {
      address: "10.1.1.1",
      port: 9080,
      labels: { version: "v2" },
    });
    expect(reviews(added)?.endpoints).toEqual([
      { address: "10.1.1.1", port: 9080, labels: { version: "v2" } },
    ]);
    const replaced = putExternalEndpoint(added, "reviews", { address: "10.1.1.1", port: 9080, weight: 5 });
    expect(reviews(replaced)?.endpoints).toEqual([{ address: "10.1.1.1", port: 9080, weight: 5 }]);
    const removed = removeExternalEndpoint(replaced, "reviews", "10.1.1.1", 9080);
    expect(reviews(removed)).not.toHaveProperty("endpoints");
    expect(() => removeExternalEndpoint(removed, "reviews", "10.1.1.1", 9080)).toThrow(
      'service "reviews" has no external endpoint 10.1.1.1:9080',
    );
  });
});
