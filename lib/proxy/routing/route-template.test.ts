import { describe, expect, it } from "vitest";
import { acceptedRouteName, acceptedTemplate, routeTemplate } from "./route-template";

describe("routeTemplate", () => {
  it("reports exact paths as themselves and prefixes with a star; nothing for '/' or regexes", () => {
    expect(routeTemplate({ kind: "exact", value: "/checkout", ignoreCase: false })).toBe("/checkout");
    expect(routeTemplate({ kind: "prefix", value: "/products/", ignoreCase: false })).toBe("/products/*");
    expect(routeTemplate({ kind: "separated_prefix", value: "/api", ignoreCase: false })).toBe("/api/*");
    expect(routeTemplate({ kind: "prefix", value: "/", ignoreCase: false })).toBeUndefined();
    expect(routeTemplate({ kind: "regex", source: "^/a.*", regex: /^\/a.*/ })).toBeUndefined();
  });
});

describe("acceptedTemplate", () => {
  it("takes a bounded path-like value and drops anything else", () => {
    expect(acceptedTemplate("/products/*")).toBe("/products/*");
    expect(acceptedTemplate(undefined)).toBeUndefined();
    expect(acceptedTemplate("products")).toBeUndefined();
    expect(acceptedTemplate("/a b")).toBeUndefined();
    expect(acceptedTemplate(`/${"x".repeat(300)}`)).toBeUndefined();
  });
});

describe("acceptedRouteName", () => {
  it("takes mesh and generated rule names only", () => {
    expect(acceptedRouteName("split")).toBe("split");
    expect(acceptedRouteName("#default")).toBe("#default");
    expect(acceptedRouteName("Bad Name")).toBeUndefined();
    expect(acceptedRouteName("x".repeat(200))).toBeUndefined();
  });
});
