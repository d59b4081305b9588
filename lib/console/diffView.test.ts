import { describe, expect, it } from "vitest";
import { diffMeshConfig } from "@/lib/mesh/diff/diffMeshConfig";
import { setRuleDestinations } from "@/lib/mesh/edit/edits";
import { loadSample } from "@/lib/mesh/samples/loadSample";
import { describeCounts, diffView, renderValue, splitPath } from "./diffView";

describe("diffView", () => {
  it("shows a weight change as one line under its service", () => {
    const before = loadSample("shop");
    const after = setRuleDestinations(before, "reviews", "split", [
      { service: "reviews", subset: "v1", weight: 70 },
      { service: "reviews", subset: "v2", weight: 30 },
    ]);
    const sections = diffView(diffMeshConfig(before, after).entries);
    expect(sections).toEqual([
      {
        title: "service reviews",
        name: "reviews",
        kind: "service",
        counts: { added: 0, removed: 0, changed: 2 },
        lines: [
          {
            path: "routes[split].destinations[reviews|v1].weight",
            segments: ["routes[split]", "destinations[reviews|v1]", "weight"],
            kind: "changed",
            before: { text: "80", multiline: false },
            after: { text: "70", multiline: false },
          },
          {
            path: "routes[split].destinations[reviews|v2].weight",
            segments: ["routes[split]", "destinations[reviews|v2]", "weight"],
            kind: "changed",
            before: { text: "20", multiline: false },
            after: { text: "30", multiline: false },
          },
        ],
      },
    ]);
    expect(describeCounts(sections)).toBe("2 changed");
  });

  it("renders added and removed objects as YAML blocks, and groups authorization and mesh lines", () => {
    const before = loadSample("shop");
    const after = structuredClone(before);
    after.services = after.services.filter((service) => service.name !== "web");
    after.services.push({ name: "search", namespace: "shop" });
    after.authorization = after.authorization?.filter((policy) => policy.name !== "no-admin-paths");
    const sections = diffView(diffMeshConfig(before, after).entries);
    expect(sections.map((s) => [s.title, s.lines.map((l) => l.kind)])).toEqual([
      ["service web", ["removed"]],
      ["service search", ["added"]],
      ["authorization no-admin-paths", ["removed"]],
    ]);
    const added = sections[1]!.lines[0]!;
    expect(added).toMatchObject({ path: "", segments: [], before: null });
    expect(added.after).toEqual({ text: "name: search\nnamespace: shop", multiline: true });
    expect(describeCounts(sections)).toBe("1 added, 2 removed");
    expect(diffView([{ path: "authorization", kind: "removed", before: [] }])[0]?.title).toBe("mesh");
    expect(describeCounts([])).toBe("no changes");
  });

  it("splits paths at dots outside brackets and renders short lists inline", () => {
    expect(splitPath("endpoints[10.0.9.1:9080].weight")).toEqual(["endpoints[10.0.9.1:9080]", "weight"]);
    expect(renderValue(["5xx", "reset"])).toEqual({ text: "[5xx, reset]", multiline: false });
    expect(renderValue(undefined)).toEqual({ text: "unset", multiline: false });
    expect(renderValue({ a: 1 })).toEqual({ text: "a: 1", multiline: true });
  });
});
