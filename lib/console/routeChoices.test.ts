import { describe, expect, it } from "vitest";
import {
  MAX_SPLIT_ROUTES,
  parseRoutesParam,
  routeChoices,
  routeTemplateOf,
  toggleRoute,
} from "./routeChoices";

describe("routeTemplateOf", () => {
  it("reports exact paths as themselves and prefixes as templates; regexes have none", () => {
    expect(routeTemplateOf({ exact: "/api/cart" })).toBe("/api/cart");
    expect(routeTemplateOf({ prefix: "/api/products/" })).toBe("/api/products/*");
    expect(routeTemplateOf({ regex: "/api/.*" })).toBeNull();
    expect(routeTemplateOf(undefined)).toBeNull();
  });
});

describe("routeChoices", () => {
  it("lists configured routes first, then observed ones by requests, then other chosen values", () => {
    const choices = routeChoices(
      [
        { name: "products", match: { path: { prefix: "/api/products/" } } },
        { match: { path: { exact: "/api/cart" } } },
        { name: "legacy", match: { path: { regex: "/old/.*" } } },
        { name: "catch-all" },
        { name: "cart-v2", match: { path: { exact: "/api/cart" } } },
      ],
      [
        { value: "/health", requests: 5 },
        { value: "/api/cart", requests: 40 },
        { value: "/api/search", requests: 90 },
      ],
      ["/api/search", "/typed"],
    );
    expect(choices).toEqual([
      { value: "/api/products/*", requests: 0, rules: ["products"], selected: false },
      { value: "/api/cart", requests: 40, rules: ["rule 2", "cart-v2"], selected: false },
      { value: "/api/search", requests: 90, rules: [], selected: true },
      { value: "/health", requests: 5, rules: [], selected: false },
      { value: "/typed", requests: 0, rules: [], selected: true },
    ]);
  });
});

describe("the routes parameter", () => {
  it("parses a comma-separated list without blanks or repeats, up to the limit", () => {
    expect(parseRoutesParam(" /a, ,/b,/a ")).toEqual(["/a", "/b"]);
    expect(parseRoutesParam(null)).toEqual([]);
    const many = Array.from({ length: 12 }, (_, i) => `/r${i}`).join(",");
    expect(parseRoutesParam(many)).toHaveLength(MAX_SPLIT_ROUTES);
  });

  it("ticks and unticks, ignoring a tick past the limit", () => {
    expect(toggleRoute(["/a"], "/b", true)).toEqual(["/a", "/b"]);
    expect(toggleRoute(["/a", "/b"], "/a", false)).toEqual(["/b"]);
    expect(toggleRoute(["/a"], "/a", true)).toEqual(["/a"]);
    const full = Array.from({ length: MAX_SPLIT_ROUTES }, (_, i) => `/r${i}`);
    expect(toggleRoute(full, "/new", true)).toEqual(full);
  });
});
