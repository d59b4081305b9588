import { describe, expect, it } from "vitest";
import { parseMeshConfig } from "../mesh/parse";
import { pickLoadPath, SHOP_INSTANCES } from "./shop";
import { DEMO_MESH_YAML } from "./shopMesh";

describe("the demo shop", () => {
  it("mixes product pages, carts and the home page by weight", () => {
    expect(pickLoadPath(0, 7)).toBe("/product/7");
    expect(pickLoadPath(0.59, 7)).toBe("/product/7");
    expect(pickLoadPath(0.6, 7)).toBe("/cart/7");
    expect(pickLoadPath(0.89, 7)).toBe("/cart/7");
    expect(pickLoadPath(0.9, 7)).toBe("/");
    expect(pickLoadPath(0.999, 7)).toBe("/");
  });

  it("has a valid mesh config naming every service it runs, with the rules the tour edits", () => {
    const parsed = parseMeshConfig(DEMO_MESH_YAML, "yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const services = new Set(SHOP_INSTANCES.map((instance) => instance.service));
    expect(new Set(parsed.config.services.map((service) => service.name))).toEqual(services);
    const rule = (service: string, name: string) =>
      parsed.config.services.find((s) => s.name === service)?.routes?.find((r) => r.name === name);
    expect(rule("reviews", "split")).toBeDefined();
    expect(rule("ratings", "default")).toBeDefined();
    expect(rule("pricing", "default")).toBeDefined();
    expect(rule("cart", "default")?.timeout).toBe("3s");
    const reviews = SHOP_INSTANCES.filter((instance) => instance.service === "reviews").map((i) => i.version);
    expect(reviews).toEqual(["v1", "v2", "v3"]);
    expect(SHOP_INSTANCES.some((instance) => instance.protocol === "grpc")).toBe(true);
  });
});
