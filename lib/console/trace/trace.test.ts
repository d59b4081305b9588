import { describe, expect, it } from "vitest";
import { criticalPath } from "./criticalPath";
import { nanosToMs, rulerTicks, toTraceSpan } from "./fromApi";
import { buildSpanTree, descendantCount, type TraceSpan } from "./spanTree";
import { ancestorsOf, collapseBelow, servicesOf, subtreeSizes, waterfallRows } from "./waterfallRows";

function span(spanId: string, parentSpanId: string | null, startMs: number, durationMs: number): TraceSpan {
  return {
    spanId,
    parentSpanId,
    service: `svc-${spanId[0]}`,
    name: `op ${spanId}`,
    startMs,
    durationMs,
    error: false,
  };
}

// root 0..100: a 10..40, b 30..90 (b1 35..60, b2 50..80), c 95..99
const SHOP = [
  span("c", "root", 95, 4),
  span("b2", "b", 50, 30),
  span("root", null, 0, 100),
  span("a", "root", 10, 30),
  span("b1", "b", 35, 25),
  span("b", "root", 30, 60),
];

describe("buildSpanTree and waterfallRows", () => {
  it("orders rows depth first with children in start order, with bar offsets in percent", () => {
    const tree = buildSpanTree(SHOP);
    const rows = waterfallRows(tree, new Set());
    expect(rows.map((row) => [row.spanId, row.depth])).toEqual([
      ["root", 0],
      ["a", 1],
      ["b", 1],
      ["b1", 2],
      ["b2", 2],
      ["c", 1],
    ]);
    const b = rows[2]!;
    expect(b.offsetPct).toBe(30);
    expect(b.widthPct).toBe(60);
    expect(b.childCount).toBe(2);
    expect(b.descendantCount).toBe(2);
    expect(rows[0]!.descendantCount).toBe(5);
  });

  it("hides collapsed subtrees and reports what they hold", () => {
    const tree = buildSpanTree(SHOP);
    const rows = waterfallRows(tree, new Set(["b", "a"]));
    expect(rows.map((row) => row.spanId)).toEqual(["root", "a", "b", "c"]);
    // "a" has no children, so collapsing it changes nothing.
    expect(rows.find((row) => row.spanId === "a")?.collapsed).toBe(false);
    expect(rows.find((row) => row.spanId === "b")).toMatchObject({ collapsed: true, descendantCount: 2 });
    expect([...collapseBelow(tree, 1)]).toEqual(["b"]);
  });

  it("promotes spans with a missing parent to flagged roots, in time order", () => {
    const tree = buildSpanTree([span("x", "gone", 20, 5), span("root", null, 0, 100), span("y", "x", 21, 2)]);
    expect(tree.roots).toEqual(["root", "x"]);
    expect([...tree.orphans]).toEqual(["x"]);
    const rows = waterfallRows(tree, new Set());
    expect(rows.map((row) => [row.spanId, row.depth, row.orphan])).toEqual([
      ["root", 0, false],
      ["x", 0, true],
      ["y", 1, false],
    ]);
  });

  it("breaks parent cycles and counts duplicate span ids", () => {
    const tree = buildSpanTree([
      span("p", "q", 0, 10),
      span("q", "p", 1, 5),
      span("p", null, 0, 1),
      span("r", null, 3, 1),
    ]);
    expect(tree.duplicates).toBe(1);
    expect(tree.roots).toEqual(["p", "r"]);
    expect(tree.orphans.has("p")).toBe(true);
    expect(waterfallRows(tree, new Set()).map((row) => row.spanId)).toEqual(["p", "q", "r"]);
  });

  it("handles an empty trace", () => {
    const tree = buildSpanTree([]);
    expect(waterfallRows(tree, new Set())).toEqual([]);
    expect(criticalPath(tree).segments).toEqual([]);
  });

  it("finds ancestors to reveal a span and counts services", () => {
    const tree = buildSpanTree(SHOP);
    expect(ancestorsOf(tree, "b2")).toEqual(["root", "b"]);
    expect(ancestorsOf(tree, "root")).toEqual([]);
    expect(descendantCount(tree, "b")).toBe(2);
    expect(servicesOf(SHOP)).toEqual([
      { service: "svc-b", spans: 3 },
      { service: "svc-a", spans: 1 },
      { service: "svc-c", spans: 1 },
      { service: "svc-r", spans: 1 },
    ]);
  });

  it("stays iterative and complete at 10,000 spans, both wide and deep", () => {
    const wide = [span("root", null, 0, 10_000)];
    for (let i = 0; i < 9_999; i++) wide.push(span(`w${i}`, i < 100 ? "root" : `w${i % 100}`, i, 1));
    const wideRows = waterfallRows(buildSpanTree(wide), new Set());
    expect(wideRows).toHaveLength(10_000);
    expect(new Set(wideRows.map((row) => row.spanId)).size).toBe(10_000);

    const deep = Array.from({ length: 10_000 }, (_, i) =>
      span(`d${i}`, i === 0 ? null : `d${i - 1}`, i, 10_000 - i),
    );
    const tree = buildSpanTree(deep);
    const rows = waterfallRows(tree, new Set());
    expect(rows.at(-1)).toMatchObject({ spanId: "d9999", depth: 9_999 });
    expect(subtreeSizes(tree).get("d0")).toBe(9_999);
    expect(waterfallRows(tree, new Set(["d1"]))).toHaveLength(2);
    expect(criticalPath(tree).spanIds.size).toBe(10_000);
  });
});

describe("criticalPath", () => {
  it("follows the last-finishing child back in time and fills gaps with the parent", () => {
    const path = criticalPath(buildSpanTree(SHOP));
    expect(path.segments.map((s) => [s.spanId, s.startMs, s.endMs])).toEqual([
      ["root", 0, 10],
      ["a", 10, 30],
      ["b", 30, 35],
      ["b1", 35, 50],
      ["b2", 50, 80],
      ["b", 80, 90],
      ["root", 90, 95],
      ["c", 95, 99],
      ["root", 99, 100],
    ]);
    expect(path.spanIds).toEqual(new Set(["root", "a", "b", "b1", "b2", "c"]));
  });

  it("ignores children that start after the parent's critical time, and clips children that outlive it", () => {
    // "late" starts after "long" took over the end; "long" runs past the root's end (async work).
    const spans = [span("root", null, 0, 50), span("long", "root", 10, 60), span("late", "root", 20, 5)];
    const path = criticalPath(buildSpanTree(spans));
    expect(path.segments.map((s) => [s.spanId, s.startMs, s.endMs])).toEqual([
      ["root", 0, 10],
      ["long", 10, 50],
    ]);
    expect(path.spanIds.has("late")).toBe(false);
  });

  it("uses the longest orphan when the root is missing", () => {
    const spans = [span("x", "gone", 0, 10), span("y", "gone", 2, 30)];
    expect(criticalPath(buildSpanTree(spans)).segments).toEqual([{ spanId: "y", startMs: 2, endMs: 32 }]);
  });
});

describe("fromApi", () => {
  it("converts nanosecond strings exactly to the microsecond", () => {
    expect(nanosToMs("1773144000123456789")).toBe(1773144000123.456);
    expect(nanosToMs("not a number")).toBe(0);
    const span = toTraceSpan({
      spanId: "a",
      parentSpanId: null,
      service: "web",
      operation: "GET /",
      startTimeUnixNano: "1000000",
      durationNano: "2500000",
      error: false,
    });
    expect(span).toMatchObject({ spanId: "a", name: "GET /", startMs: 1, durationMs: 2.5 });
    expect(rulerTicks(100)).toEqual([0, 25, 50, 75, 100]);
  });
});
