import { type GraphLayout, type LayoutEngine, readPositions, toElkGraph } from "./elkInput";
import { filterGraph } from "./filterGraph";
import { type GroupAssignment, groupNodes } from "./groupNodes";
import { layoutGroups } from "./layoutGroups";
import type { Graph, GraphOptions } from "./types";

/**
 * The topology adapter: filters (focus, idle), groups, and asks ELK for a layered left-to-right layout.
 * The engine does the heavy part; in the browser it runs in a web worker, so the page stays responsive.
 */
export async function layoutGraph(
  graph: Graph,
  options: GraphOptions,
  engine: LayoutEngine,
): Promise<GraphLayout> {
  const visible = filterGraph(graph, options);
  const groups = options.groupBy.kind === "none" ? null : groupNodes(visible.nodes, options.groupBy);
  const key = layoutKey(visible, groups);
  const edges = visible.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    edge,
  }));
  if (visible.nodes.length === 0) return { nodes: [], edges: [], width: 0, height: 0, key };
  if (groups) {
    const placed = await layoutGroups(visible, groups, engine);
    return {
      nodes: [...placed.groupNodes, ...placed.services],
      edges,
      width: placed.width,
      height: placed.height,
      key,
    };
  }
  const result = await engine.layout(toElkGraph(visible));
  return {
    nodes: readPositions(visible, result),
    edges,
    width: result.width ?? 0,
    height: result.height ?? 0,
    key,
  };
}

/** The layout key a graph will get under these options (cheap: no layout is run). */
export function layoutKeyFor(graph: Graph, options: GraphOptions): string {
  const visible = filterGraph(graph, options);
  const groups = options.groupBy.kind === "none" ? null : groupNodes(visible.nodes, options.groupBy);
  return layoutKey(visible, groups);
}

/** A hash of the structure (nodes, edges, grouping), not of the metrics. */
export function layoutKey(graph: Graph, groups: GroupAssignment | null): string {
  let hash = 0x811c9dc5;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0x1f;
    hash = Math.imul(hash, 0x01000193);
  };
  for (const id of graph.nodes.map((node) => node.id).sort()) add(id);
  for (const pair of graph.edges.map((edge) => `${edge.source}>${edge.target}`).sort()) add(pair);
  for (const group of groups?.groups ?? []) add(`${group.id}:${group.members.join(",")}`);
  return `${graph.nodes.length}.${graph.edges.length}.${(hash >>> 0).toString(36)}`;
}
