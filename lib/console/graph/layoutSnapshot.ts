import type { GraphLayout, PositionedGroup, PositionedService } from "./elkInput";
import { filterGraph } from "./filterGraph";
import { layoutKeyFor } from "./layoutGraph";
import type { Graph, GraphOptions } from "./types";

/**
 * A layout's positions without the figures, small enough to keep in the browser's storage, so that
 * coming back to the same topology shows it at once instead of laying it out again.
 */
export interface SavedLayout {
  key: string;
  width: number;
  height: number;
  groups: Omit<PositionedGroup, "type">[];
  services: { id: string; x: number; y: number; width: number; height: number; parentId?: string }[];
}

export function snapshotLayout(layout: GraphLayout): SavedLayout {
  const groups: SavedLayout["groups"] = [];
  const services: SavedLayout["services"] = [];
  for (const node of layout.nodes) {
    if (node.type === "group") {
      const { type: _type, ...rest } = node;
      groups.push(rest);
    } else {
      services.push({
        id: node.id,
        x: node.x,
        y: node.y,
        width: node.width,
        height: node.height,
        ...(node.parentId ? { parentId: node.parentId } : {}),
      });
    }
  }
  return { key: layout.key, width: layout.width, height: layout.height, groups, services };
}

/**
 * The layout for `graph` under `options` from a saved snapshot, or null when the snapshot belongs to a
 * different structure (a service or call appeared or went, or the grouping changed).
 */
export function restoreLayout(
  saved: SavedLayout | null,
  graph: Graph,
  options: GraphOptions,
): GraphLayout | null {
  if (!saved || saved.key !== layoutKeyFor(graph, options)) return null;
  const visible = filterGraph(graph, options);
  const byId = new Map(visible.nodes.map((node) => [node.id, node]));
  const services: PositionedService[] = [];
  for (const placed of saved.services) {
    const node = byId.get(placed.id);
    if (!node) return null;
    services.push({ type: "service", ...placed, node });
  }
  if (services.length !== visible.nodes.length) return null;
  return {
    nodes: [...saved.groups.map((group): PositionedGroup => ({ type: "group", ...group })), ...services],
    edges: visible.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target, edge })),
    width: saved.width,
    height: saved.height,
    key: saved.key,
  };
}
