import { describe, expect, it } from "vitest";
import { type EdgeRedColumns, mergeEdgeParts } from "./listEdgeRed";

const row = (source: string, destination: string, metrics: boolean, spans: boolean): EdgeRedColumns => ({
  source,
  destination,
  callee_is_service: true,
  from_metrics: metrics,
  from_spans: spans,
  requests: 3,
  errors: 1,
  latency_sum: 0.5,
  latency_texts: "[40:41]={2,0};[41:42]={1,3}",
});

describe("listEdgeRed", () => {
  it("merges the parts in caller, callee order and names the origins", () => {
    const merged = mergeEdgeParts([
      [row("web", "cart", true, false), row("Web", "a", false, true)],
      [row("api", "db", true, true), row("web", "catalog", true, false)],
    ]);
    expect(merged.map((edge) => [edge.source, edge.destination, edge.origins])).toEqual([
      ["Web", "a", ["spans"]],
      ["api", "db", ["metrics", "spans"]],
      ["web", "cart", ["metrics"]],
      ["web", "catalog", ["metrics"]],
    ]);
    expect(merged[0]).toMatchObject({
      requests: 3,
      errors: 1,
      latencySumSeconds: 0.5,
      slots: [40, 41, 42],
      counts: [2, 1, 3],
    });
  });
});
