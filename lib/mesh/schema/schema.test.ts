import { describe, expect, it } from "vitest";
import { loadSample } from "../samples/loadSample";
import { describeZodIssue } from "../zodIssues";
import { meshConfigSchema } from "./config";
import { LIMITS } from "./limits";

/** The first issue of a failed parse, as "path: message". */
function firstIssue(input: unknown): string {
  const result = meshConfigSchema.safeParse(input);
  if (result.success) return "ok";
  const issue = result.error.issues[0];
  if (!issue) return "no issue";
  const { path, message } = describeZodIssue(issue);
  return `${path}: ${message}`;
}

function withRule(rule: Record<string, unknown>) {
  return { services: [{ name: "reviews", routes: [rule] }] };
}

describe("meshConfigSchema", () => {
  it("accepts the shop sample", () => {
    const config = loadSample("shop");
    expect(config.services.map((service) => service.name)).toEqual([
      "web",
      "catalog",
      "cart",
      "pricing",
      "reviews",
      "ratings",
    ]);
    expect(meshConfigSchema.safeParse(config).success).toBe(true);
  });

  it("rejects unknown keys, so typos are not silently ignored", () => {
    expect(firstIssue({ services: [{ name: "web", polcy: {} }] })).toBe(
      'services[0]: Unrecognized key: "polcy"',
    );
  });

  it("requires lowercase names that start with a letter", () => {
    expect(firstIssue({ services: [{ name: "Reviews" }] })).toBe(
      "services[0].name: must be a lowercase name: letters, digits and '-', starting with a letter",
    );
    expect(firstIssue({ services: [{ name: "2fa" }] })).toMatch(
      /^services\[0\]\.name: must be a lowercase name/,
    );
    expect(firstIssue({ services: [{ name: "a".repeat(64) }] })).toMatch(/^services\[0\]\.name: Too big/);
  });

  it("checks duration syntax", () => {
    expect(firstIssue(withRule({ destinations: [{ service: "reviews" }], timeout: "5" }))).toBe(
      'services[0].routes[0].timeout: must be a duration such as "250ms", "1.5s" or "2m" (units h, m, s, ms)',
    );
  });

  it("checks percentages: 0..100 with at most 4 decimals", () => {
    const rule = (percentage: number) =>
      withRule({ destinations: [{ service: "reviews" }], mirror: { service: "reviews", percentage } });
    expect(firstIssue(rule(12.5))).toBe("ok");
    expect(firstIssue(rule(0.0001))).toBe("ok");
    expect(firstIssue(rule(0.00001))).toBe(
      "services[0].routes[0].mirror.percentage: must have at most 4 decimals",
    );
    expect(firstIssue(rule(101))).toMatch(/^services\[0\]\.routes\[0\]\.mirror\.percentage: Too big/);
    expect(firstIssue(rule(-1))).toMatch(/^services\[0\]\.routes\[0\]\.mirror\.percentage: Too small/);
  });

  it("requires exactly one kind of path, header and abort match", () => {
    const destinations = [{ service: "reviews" }];
    expect(firstIssue(withRule({ destinations, match: { path: { exact: "/a", prefix: "/b" } } }))).toBe(
      "services[0].routes[0].match.path: set exactly one of exact, prefix, regex",
    );
    expect(firstIssue(withRule({ destinations, match: { headers: [{ name: "x-a" }] } }))).toBe(
      "services[0].routes[0].match.headers[0]: set exactly one of exact, regex, present, absent",
    );
    expect(
      firstIssue(
        withRule({ destinations, fault: { abort: { percentage: 1, httpStatus: 503, grpcStatus: 14 } } }),
      ),
    ).toBe("services[0].routes[0].fault.abort: set exactly one of httpStatus, grpcStatus");
    expect(firstIssue(withRule({ destinations, fault: {} }))).toBe(
      "services[0].routes[0].fault: set delay, abort or both",
    );
  });

  it("requires RFC 3339 times with an offset for fault expiry", () => {
    const fault = (expiresAt: string) =>
      withRule({
        destinations: [{ service: "reviews" }],
        fault: { abort: { percentage: 1, httpStatus: 503 }, expiresAt },
      });
    expect(firstIssue(fault("2030-01-01T00:00:00Z"))).toBe("ok");
    expect(firstIssue(fault("2030-01-01T00:00:00+02:00"))).toBe("ok");
    expect(firstIssue(fault("2030-01-01 00:00"))).toMatch(/^services\[0\]\.routes\[0\]\.fault\.expiresAt: /);
  });

  it("keeps hash options on hash-based balancers only", () => {
    const policy = (loadBalancer: Record<string, unknown>) => ({
      services: [{ name: "cart", policy: { loadBalancer } }],
    });
    expect(firstIssue(policy({ type: "ring_hash", hashOn: { sourceIp: true }, minRingSize: 1024 }))).toBe(
      "ok",
    );
    expect(firstIssue(policy({ type: "round_robin", hashOn: { header: "x-user" } }))).toBe(
      "services[0].policy.loadBalancer.hashOn: hashOn applies only to ring_hash and maglev",
    );
    expect(firstIssue(policy({ type: "maglev", minRingSize: 10 }))).toBe(
      "services[0].policy.loadBalancer: minRingSize and maxRingSize apply only to ring_hash",
    );
    expect(firstIssue(policy({ type: "ring_hash", hashOn: { header: "x-a", cookie: "b" } }))).toBe(
      "services[0].policy.loadBalancer.hashOn: set exactly one of header, cookie, sourceIp",
    );
  });

  it("only accepts IP literals for external endpoints", () => {
    const endpoint = (address: string) => ({
      services: [{ name: "db", endpoints: [{ address, port: 5432 }] }],
    });
    expect(firstIssue(endpoint("10.1.2.3"))).toBe("ok");
    expect(firstIssue(endpoint("fd00::5"))).toBe("ok");
    expect(firstIssue(endpoint("db.example.com"))).toBe(
      "services[0].endpoints[0].address: must be an IPv4 or IPv6 literal",
    );
  });

  it("bounds lists and header changes", () => {
    const destinations = Array.from({ length: LIMITS.destinationsPerRule + 1 }, () => ({
      service: "reviews",
      weight: 1,
    }));
    expect(firstIssue(withRule({ destinations }))).toMatch(
      /^services\[0\]\.routes\[0\]\.destinations: Too big/,
    );
    const set = Object.fromEntries(
      Array.from({ length: LIMITS.headerChanges + 1 }, (_, i) => [`x-h${i}`, "v"]),
    );
    expect(firstIssue(withRule({ destinations: [{ service: "reviews" }], requestHeaders: { set } }))).toBe(
      `services[0].routes[0].requestHeaders.set: at most ${LIMITS.headerChanges} headers`,
    );
    expect(
      firstIssue(
        withRule({ destinations: [{ service: "reviews" }], requestHeaders: { set: { ":path": "/x" } } }),
      ),
    ).toBe(
      'services[0].routes[0].requestHeaders.set[":path"]: invalid key: must be a lowercase HTTP header name (pseudo-headers cannot be changed)',
    );
  });

  it("needs at least one label per subset", () => {
    expect(firstIssue({ services: [{ name: "reviews", subsets: [{ name: "v1", labels: {} }] }] })).toBe(
      "services[0].subsets[0].labels: a subset needs at least one label",
    );
  });
});
