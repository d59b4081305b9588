import type { MeshConfig, RouteRule, Service } from "../schema";

// Fixtures shared by the validateMeshConfig tests: web, ratings, and reviews (subsets v1/v2) with rules.

const REVIEWS: Service = {
  name: "reviews",
  subsets: [
    { name: "v1", labels: { version: "v1" } },
    { name: "v2", labels: { version: "v2" } },
  ],
};

/** web, ratings and reviews with `rules` (reviews is services[2]), plus `extra` services. */
export function config(rules: RouteRule[], extra: Service[] = []): MeshConfig {
  return { services: [{ name: "web" }, { name: "ratings" }, { ...REVIEWS, routes: rules }, ...extra] };
}

/** A rule splitting reviews over v1, v2, v1, … with these weights. */
export function split(weights: (number | undefined)[]): RouteRule {
  return {
    destinations: weights.map((weight, i) => ({
      service: "reviews",
      subset: i % 2 === 0 ? "v1" : "v2",
      weight,
    })),
  };
}
