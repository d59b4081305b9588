import { describe, expect, it } from "vitest";
import { focusGraph } from "./focus";

const edges = [
  { source: "web", target: "api" },
  { source: "api", target: "db" },
  { source: "api", target: "cache" },
  { source: "worker", target: "db" },
  { source: "other", target: "island" },
];
const nodes = ["api", "cache", "db", "island", "other", "web", "worker"];

describe("focusGraph", () => {
  it("keeps the nodes within depth hops either way and the edges among them", () => {
    expect(focusGraph(nodes, edges, "api", 1)).toEqual({
      nodes: ["api", "cache", "db", "web"],
      edges: [edges[0], edges[1], edges[2]],
    });
    expect(focusGraph(nodes, edges, "api", 2).nodes).toEqual(["api", "cache", "db", "web", "worker"]);
  });

  it("gives an empty graph for an unknown service", () => {
    expect(focusGraph(nodes, edges, "nope", 3)).toEqual({ nodes: [], edges: [] });
  });
});
