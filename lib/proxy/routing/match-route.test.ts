import { describe, expect, it } from "vitest";
import { convertResources } from "../config/from-xds";
import type { RouteConfig } from "../config/route-model";
import { seededRandom } from "../util/random";
import { matchRoute } from "./match-route";
import type { RouteRequest } from "./request";
import { withoutPort } from "./virtual-host";

function routeConfig(virtualHosts: unknown[], extra: Record<string, unknown> = {}): RouteConfig {
  const converted = convertResources("RouteConfiguration", [
    { name: "rc", virtual_hosts: virtualHosts, ...extra },
  ]);
  if (converted.errors.length > 0) throw new Error(JSON.stringify(converted.errors));
  return converted.resources.get("rc")!;
}

const to = (cluster: string) => ({ route: { cluster } });

function request(
  path: string,
  headers: Record<string, string | string[]> = {},
  authority = "svc",
  method = "GET",
): RouteRequest {
  return { authority, path, method, headers };
}

function routeName(config: RouteConfig, req: RouteRequest): string {
  const result = matchRoute(config, req);
  return result.kind === "matched" ? `${result.virtualHost.name}/${result.route.name}` : result.kind;
}

describe("virtual host selection", () => {
  const config = routeConfig([
    {
      name: "exact",
      domains: ["api.example.com"],
      routes: [{ name: "r", match: { prefix: "/" }, ...to("a") }],
    },
    { name: "short-suffix", domains: ["*.com"], routes: [{ name: "r", match: { prefix: "/" }, ...to("b") }] },
    {
      name: "long-suffix",
      domains: ["*.example.com"],
      routes: [{ name: "r", match: { prefix: "/" }, ...to("c") }],
    },
    { name: "prefix", domains: ["api.*"], routes: [{ name: "r", match: { prefix: "/" }, ...to("d") }] },
    { name: "all", domains: ["*"], routes: [{ name: "r", match: { prefix: "/" }, ...to("e") }] },
  ]);

  it.each([
    ["api.example.com", "exact"],
    ["API.Example.COM", "exact"],
    ["www.example.com", "long-suffix"],
    ["www.other.com", "short-suffix"],
    ["api.internal", "prefix"],
    ["api.example.org", "prefix"],
    ["reviews", "all"],
    // A wildcard must match at least one character.
    [".example.com", "short-suffix"],
    ["api.", "all"],
  ])("%s → %s", (authority, expected) => {
    expect(routeName(config, request("/", {}, authority))).toBe(`${expected}/r`);
  });

  it("matches the port literally unless told to strip it", () => {
    const withPorts = routeConfig([
      { name: "plain", domains: ["reviews"], routes: [{ name: "r", match: { prefix: "/" }, ...to("a") }] },
      {
        name: "ported",
        domains: ["reviews:9080"],
        routes: [{ name: "r", match: { prefix: "/" }, ...to("b") }],
      },
    ]);
    expect(routeName(withPorts, request("/", {}, "reviews:9080"))).toBe("ported/r");
    expect(routeName(withPorts, request("/", {}, "reviews:9081"))).toBe("no_virtual_host");
    expect(matchRoute(withPorts, request("/", {}, "reviews:9081"), { stripPort: true }).kind).toBe("matched");
    const ignoring = routeConfig(
      [{ name: "plain", domains: ["reviews"], routes: [{ name: "r", match: { prefix: "/" }, ...to("a") }] }],
      { ignore_port_in_host_matching: true },
    );
    expect(routeName(ignoring, request("/", {}, "reviews:1234"))).toBe("plain/r");
  });

  it("strips ports from host names and IPv6 literals", () => {
    expect(withoutPort("a:80")).toBe("a");
    expect(withoutPort("[::1]:80")).toBe("[::1]");
    expect(withoutPort("::1")).toBe("::1");
    expect(withoutPort("a")).toBe("a");
  });
});

describe("route matching", () => {
  const config = routeConfig([
    {
      name: "svc",
      domains: ["svc"],
      routes: [
        { name: "exact", match: { path: "/login" }, ...to("a") },
        { name: "separated", match: { path_separated_prefix: "/api" }, ...to("a") },
        { name: "regex", match: { safe_regex: { regex: "/v[0-9]+/items/[0-9]+" } }, ...to("a") },
        { name: "nocase", match: { prefix: "/Docs", case_sensitive: { value: false } }, ...to("a") },
        {
          name: "post",
          match: { prefix: "/form", headers: [{ name: ":method", exact_match: "POST" }] },
          ...to("a"),
        },
        {
          name: "not-beta",
          match: { prefix: "/form", headers: [{ name: "x-beta", exact_match: "1", invert_match: true }] },
          ...to("a"),
        },
        {
          name: "absent",
          match: { prefix: "/form", headers: [{ name: "x-beta", present_match: false }] },
          ...to("a"),
        },
        {
          name: "range",
          match: { prefix: "/shard", headers: [{ name: "x-shard", range_match: { start: "0", end: "10" } }] },
          ...to("a"),
        },
        {
          name: "query",
          match: {
            prefix: "/search",
            query_parameters: [{ name: "q", string_match: { prefix: "we", ignore_case: true } }],
          },
          ...to("a"),
        },
        { name: "grpc", match: { prefix: "/pkg.Service/", grpc: {} }, ...to("a") },
        { name: "fallback", match: { prefix: "/" }, ...to("b") },
      ],
    },
  ]);

  it.each([
    ["/login", {}, "GET", "exact"],
    ["/login?next=/", {}, "GET", "exact"],
    ["/login/", {}, "GET", "fallback"],
    ["/api/", {}, "GET", "separated"],
    ["/api", {}, "GET", "separated"],
    ["/api/v1", {}, "GET", "separated"],
    ["/apis", {}, "GET", "fallback"],
    ["/v2/items/42", {}, "GET", "regex"],
    ["/v2/items/42?x=1", {}, "GET", "regex"],
    ["/v2/items/42/extra", {}, "GET", "fallback"],
    ["/docs/intro", {}, "GET", "nocase"],
    ["/DOCS", {}, "GET", "nocase"],
    ["/form", {}, "POST", "post"],
    ["/form", { "x-beta": "2" }, "GET", "not-beta"],
    // A missing header never satisfies an inverted value matcher; the absence matcher catches it.
    ["/form", {}, "GET", "absent"],
    ["/form", { "x-beta": "1" }, "GET", "fallback"],
    ["/shard", { "x-shard": "9" }, "GET", "range"],
    ["/shard", { "x-shard": "10" }, "GET", "fallback"],
    ["/shard", { "x-shard": "nine" }, "GET", "fallback"],
    ["/search?q=WEFT&page=2", {}, "GET", "query"],
    ["/search?page=2&q=mesh", {}, "GET", "fallback"],
    ["/pkg.Service/Call", { "content-type": "application/grpc+proto" }, "POST", "grpc"],
    ["/pkg.Service/Call", { "content-type": "application/json" }, "POST", "fallback"],
  ])("%s %j %s → %s", (path, headers, method, expected) => {
    expect(routeName(config, request(path, headers, "svc", method))).toBe(`svc/${expected}`);
  });

  it("takes the first matching route, not the most specific", () => {
    const ordered = routeConfig([
      {
        name: "svc",
        domains: ["*"],
        routes: [
          { name: "broad", match: { prefix: "/" }, ...to("a") },
          { name: "narrow", match: { path: "/exact" }, ...to("b") },
        ],
      },
    ]);
    expect(routeName(ordered, request("/exact"))).toBe("svc/broad");
  });

  it("joins repeated headers with commas before matching", () => {
    const joined = routeConfig([
      {
        name: "svc",
        domains: ["*"],
        routes: [
          { name: "r", match: { prefix: "/", headers: [{ name: "x-tag", exact_match: "a,b" }] }, ...to("a") },
        ],
      },
    ]);
    expect(routeName(joined, request("/", { "x-tag": ["a", "b"] }))).toBe("svc/r");
  });

  it("uses a query object when given instead of parsing the path", () => {
    expect(routeName(config, { ...request("/search"), query: { q: ["weft", "x"] } })).toBe("svc/query");
  });

  it("reports no_route when nothing matches", () => {
    const none = routeConfig([
      { name: "svc", domains: ["*"], routes: [{ name: "r", match: { path: "/only" }, ...to("a") }] },
    ]);
    const result = matchRoute(none, request("/other"));
    expect(result.kind).toBe("no_route");
  });

  it("matches runtime_fraction routes at their configured rate", () => {
    const sampled = routeConfig([
      {
        name: "svc",
        domains: ["*"],
        routes: [
          {
            name: "canary",
            match: { prefix: "/", runtime_fraction: { default_value: { numerator: 25 } } },
            ...to("a"),
          },
          { name: "rest", match: { prefix: "/" }, ...to("b") },
        ],
      },
    ]);
    const random = seededRandom(3);
    // Without a random source the route matches whenever its fraction is above zero.
    expect(routeName(sampled, request("/"))).toBe("svc/canary");
    let hits = 0;
    for (let i = 0; i < 20_000; i++) {
      const result = matchRoute(sampled, request("/"), { random });
      if (result.kind === "matched" && result.route.name === "canary") hits++;
    }
    expect(hits / 20_000).toBeGreaterThan(0.24);
    expect(hits / 20_000).toBeLessThan(0.26);
  });
});
