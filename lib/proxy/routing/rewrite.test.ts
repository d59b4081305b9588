import { describe, expect, it } from "vitest";
import type { ForwardAction, Route } from "../config/route-model";
import { rewriteAuthority, rewritePath } from "./rewrite";

const route = (path: Route["match"]["path"]): Route =>
  ({ match: { path, headers: [], query: [], grpcOnly: false } }) as unknown as Route;
const action = (extra: Partial<ForwardAction>): ForwardAction => ({ ...extra }) as ForwardAction;

describe("rewritePath", () => {
  it("replaces the matched prefix and keeps the query", () => {
    const r = route({ kind: "prefix", value: "/api/", ignoreCase: false });
    expect(rewritePath(r, action({ prefixRewrite: "/v2/" }), "/api/items?x=1")).toBe("/v2/items?x=1");
  });

  it("substitutes a regex within the path only", () => {
    const r = route({ kind: "prefix", value: "/", ignoreCase: false });
    const regexRewrite = { source: "^/users/(\\d+)$", regex: /^\/users\/(\d+)$/g, substitution: "/u/$1" };
    expect(rewritePath(r, action({ regexRewrite }), "/users/42?a")).toBe("/u/42?a");
  });

  it("swaps the whole path of an exact or regex match", () => {
    const exact = route({ kind: "exact", value: "/old", ignoreCase: false });
    expect(rewritePath(exact, action({ prefixRewrite: "/new" }), "/old?q")).toBe("/new?q");
    const regex = route({ kind: "regex", source: "/a/.*", regex: /^\/a\/.*$/ });
    expect(rewritePath(regex, action({ prefixRewrite: "/b" }), "/a/x/y?q")).toBe("/b?q");
  });

  it("leaves the path alone without a rewrite", () => {
    const r = route({ kind: "prefix", value: "/", ignoreCase: false });
    expect(rewritePath(r, action({}), "/x")).toBe("/x");
  });
});

describe("rewriteAuthority", () => {
  it("uses a literal or a header value", () => {
    expect(rewriteAuthority(action({ hostRewrite: { kind: "literal", value: "a" } }), "b", {})).toBe("a");
    expect(
      rewriteAuthority(action({ hostRewrite: { kind: "header", name: "x-h" } }), "b", { "x-h": "c" }),
    ).toBe("c");
    expect(rewriteAuthority(action({}), "b", {})).toBe("b");
  });
});
