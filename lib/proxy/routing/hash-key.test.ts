import { describe, expect, it } from "vitest";
import type { HashPolicy } from "../config/route-model";
import { combineHashes, xxh32 } from "../util/hash";
import { cookieValue, requestHash } from "./hash-key";
import type { RouteRequest } from "./request";

const req = (headers: Record<string, string>, path = "/"): RouteRequest => ({
  authority: "svc",
  path,
  method: "GET",
  headers,
});

describe("requestHash", () => {
  const byUser: HashPolicy = { kind: "header", name: "x-user", terminal: false };
  const bySource: HashPolicy = { kind: "source_ip", terminal: false };

  it("hashes a header value with xxHash32", () => {
    expect(requestHash([byUser], req({ "x-user": "alice" }), undefined)).toBe(xxh32("alice"));
  });

  it("is undefined when no policy yields a value", () => {
    expect(requestHash([byUser], req({}), undefined)).toBeUndefined();
  });

  it("mixes several policies and stops at a terminal one that matched", () => {
    const both = requestHash([byUser, bySource], req({ "x-user": "alice" }), "10.1.1.1");
    expect(both).toBe(combineHashes(xxh32("alice"), xxh32("10.1.1.1")));
    const terminal = requestHash(
      [{ ...byUser, terminal: true }, bySource],
      req({ "x-user": "alice" }),
      "10.1.1.1",
    );
    expect(terminal).toBe(xxh32("alice"));
    // A terminal policy that yields nothing does not stop the walk.
    expect(requestHash([{ ...byUser, terminal: true }, bySource], req({}), "10.1.1.1")).toBe(
      xxh32("10.1.1.1"),
    );
  });

  it("hashes cookies and query parameters", () => {
    const cookie: HashPolicy = { kind: "cookie", name: "session", terminal: false };
    expect(requestHash([cookie], req({ cookie: "a=1; session=xyz; b=2" }), undefined)).toBe(xxh32("xyz"));
    const query: HashPolicy = { kind: "query_parameter", name: "user", terminal: false };
    expect(requestHash([query], req({}, "/p?x=1&user=bob"), undefined)).toBe(xxh32("bob"));
  });

  it("applies a header regex rewrite before hashing", () => {
    const rewrite: HashPolicy = {
      kind: "header",
      name: ":path",
      rewrite: { source: "^/users/([^/]+).*", regex: /^\/users\/([^/]+).*/g, substitution: "$1" },
      terminal: false,
    };
    expect(requestHash([rewrite], req({}, "/users/42/orders"), undefined)).toBe(xxh32("42"));
  });
});

describe("cookieValue", () => {
  it("finds a cookie among several and unquotes it", () => {
    expect(cookieValue('a=1; s="q v"', "s")).toBe("q v");
    expect(cookieValue("a=1", "s")).toBeUndefined();
    expect(cookieValue(undefined, "s")).toBeUndefined();
  });
});
