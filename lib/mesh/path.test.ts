import { describe, expect, it } from "vitest";
import { formatPath, joinPath } from "./path";

describe("formatPath", () => {
  it("writes indexes in brackets and identifiers with dots", () => {
    expect(formatPath(["services", 2, "routes", 0, "destinations", 1, "weight"])).toBe(
      "services[2].routes[0].destinations[1].weight",
    );
  });

  it("quotes record keys that are not identifiers", () => {
    expect(formatPath(["services", 0, "labels", "app.kubernetes.io/name"])).toBe(
      'services[0].labels["app.kubernetes.io/name"]',
    );
    expect(formatPath([])).toBe("");
    expect(formatPath([3, "a"])).toBe("[3].a");
  });

  it("appends one segment to a formatted path", () => {
    expect(joinPath("", "services")).toBe("services");
    expect(joinPath("services[reviews]", "subsets")).toBe("services[reviews].subsets");
    expect(joinPath("a", 1)).toBe("a[1]");
    expect(joinPath("a", "x-y")).toBe('a["x-y"]');
  });
});
