import { describe, expect, it } from "vitest";
import { loadSample } from "../samples/loadSample";
import type { RouteRule } from "../schema";
import { config, split } from "./testing";
import { validateMeshConfig } from "./validateMeshConfig";

describe("validateMeshConfig", () => {
  it("accepts the shop sample without errors or warnings", () => {
    expect(validateMeshConfig(loadSample("shop"), { now: new Date("2025-06-01T00:00:00Z") })).toEqual({
      ok: true,
      errors: [],
      warnings: [],
    });
  });

  describe("weights", () => {
    it("accepts a single destination without a weight and a split summing to 100", () => {
      const result = validateMeshConfig(
        config([{ destinations: [{ service: "reviews" }] }, split([80, 20])]),
      );
      expect(result.errors).toEqual([]);
    });

    it("requires the weights of a rule to sum to 100", () => {
      expect(validateMeshConfig(config([split([80, 10])])).errors).toEqual([
        { path: "services[2].routes[0].destinations", message: "weights sum to 90; they must sum to 100" },
      ]);
    });

    it("rejects negative weights at the weight itself", () => {
      expect(validateMeshConfig(config([split([110, -10])])).errors).toEqual([
        { path: "services[2].routes[0].destinations[1].weight", message: "must not be negative (got -10)" },
      ]);
    });

    it("requires a weight on every destination of a split", () => {
      expect(validateMeshConfig(config([split([100, undefined])])).errors).toEqual([
        {
          path: "services[2].routes[0].destinations[1].weight",
          message: "required when a rule has several destinations",
        },
      ]);
    });

    it("treats a lone weight other than 100 as a bad sum", () => {
      const rule: RouteRule = { destinations: [{ service: "reviews", weight: 50 }] };
      expect(validateMeshConfig(config([rule])).errors).toEqual([
        { path: "services[2].routes[0].destinations", message: "weights sum to 50; they must sum to 100" },
      ]);
    });

    it("warns about a destination listed twice", () => {
      const rule: RouteRule = {
        destinations: [
          { service: "reviews", subset: "v1", weight: 50 },
          { service: "reviews", subset: "v1", weight: 50 },
        ],
      };
      expect(validateMeshConfig(config([rule])).warnings).toEqual([
        {
          path: "services[2].routes[0].destinations[1]",
          message: "same destination as destinations[0] (reviews|v1); their weights add up",
        },
      ]);
    });
  });

  describe("references", () => {
    it("reports unknown services and subsets in destinations and mirrors", () => {
      const rule: RouteRule = {
        destinations: [
          { service: "reviewz", weight: 50 },
          { service: "reviews", subset: "v9", weight: 50 },
        ],
        mirror: { service: "ratings", subset: "v1", percentage: 5 },
      };
      expect(validateMeshConfig(config([rule])).errors).toEqual([
        { path: "services[2].routes[0].destinations[0].service", message: 'unknown service "reviewz"' },
        {
          path: "services[2].routes[0].destinations[1].subset",
          message: 'service "reviews" has no subset "v9" (known: v1, v2)',
        },
        {
          path: "services[2].routes[0].mirror.subset",
          message: 'service "ratings" has no subset "v1" (it defines no subsets)',
        },
      ]);
    });

    it("reports unknown services in authorization policies", () => {
      const base = config([]);
      const result = validateMeshConfig({
        ...base,
        authorization: [
          { name: "a", service: "nope", action: "allow", from: { services: ["web", "ghost"] } },
        ],
      });
      expect(result.errors).toEqual([
        { path: "authorization[0].service", message: 'unknown service "nope"' },
        { path: "authorization[0].from.services[1]", message: 'unknown service "ghost"' },
      ]);
    });
  });

  describe("unique names", () => {
    it("reports duplicates at the later item, naming the first", () => {
      const result = validateMeshConfig({
        services: [
          {
            name: "reviews",
            subsets: [
              { name: "v1", labels: { version: "v1" } },
              { name: "v1", labels: { version: "v2" } },
            ],
            routes: [
              { name: "a", match: { method: "GET" }, destinations: [{ service: "reviews" }] },
              { name: "a", destinations: [{ service: "reviews" }] },
            ],
            endpoints: [
              { address: "10.0.0.1", port: 80 },
              { address: "10.0.0.1", port: 80 },
            ],
          },
          { name: "reviews" },
        ],
        authorization: [
          { name: "p", service: "reviews", action: "allow" },
          { name: "p", service: "reviews", action: "deny" },
        ],
      });
      expect(result.errors).toEqual([
        { path: "services[1].name", message: 'duplicate service name "reviews" (first used at services[0])' },
        {
          path: "services[0].subsets[1].name",
          message: 'duplicate subset name "v1" (first used at services[0].subsets[0])',
        },
        {
          path: "services[0].routes[1].name",
          message: 'duplicate rule name "a" (first used at services[0].routes[0])',
        },
        {
          path: "services[0].endpoints[1]",
          message: "duplicate endpoint 10.0.0.1:80 (first listed at services[0].endpoints[0])",
        },
        {
          path: "authorization[1].name",
          message: 'duplicate authorization policy name "p" (first used at authorization[0])',
        },
      ]);
    });

    it("warns when two subsets select the same instances", () => {
      const result = validateMeshConfig({
        services: [
          {
            name: "reviews",
            subsets: [
              { name: "a", labels: { version: "v1", track: "x" } },
              { name: "b", labels: { track: "x", version: "v1" } },
            ],
          },
        ],
      });
      expect(result.warnings).toEqual([
        {
          path: "services[0].subsets[1].labels",
          message: 'subset "b" selects the same instances as subset "a"',
        },
      ]);
    });
  });

  describe("regexes", () => {
    it("reports RE2 problems with the offset, wherever the regex is", () => {
      const rule: RouteRule = {
        match: {
          path: { regex: "^/api/(?=v1)" },
          headers: [{ name: "x-user", regex: "(a)\\1" }],
          query: [{ name: "q", regex: "[z-a]" }],
        },
        destinations: [{ service: "reviews" }],
        fault: { abort: { percentage: 1, httpStatus: 500 }, headers: [{ name: "x-f", regex: "a++" }] },
      };
      const result = validateMeshConfig({
        ...config([rule]),
        authorization: [{ name: "p", service: "reviews", action: "deny", paths: [{ regex: "x\\Z" }] }],
      });
      expect(result.errors).toEqual([
        {
          path: "services[2].routes[0].match.path.regex",
          message: "not valid RE2 at offset 6: lookahead (?=...) is not supported by RE2",
        },
        {
          path: "services[2].routes[0].match.headers[0].regex",
          message: "not valid RE2 at offset 3: backreferences (\\1) are not supported by RE2",
        },
        {
          path: "services[2].routes[0].match.query[0].regex",
          message: "not valid RE2 at offset 1: invalid character class range z-a",
        },
        {
          path: "services[2].routes[0].fault.headers[0].regex",
          message: "not valid RE2 at offset 2: possessive quantifiers (such as *+) are not supported by RE2",
        },
        {
          path: "authorization[0].paths[0].regex",
          message: "not valid RE2 at offset 1: \\Z is not supported by RE2; use \\z (end of text) or $",
        },
      ]);
    });
  });
});
