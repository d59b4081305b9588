import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { Graph, GraphEdge, GraphNode } from "./types";

/** What the layout needs from elkjs (an `ELK` instance, in a web worker or in tests). */
export interface LayoutEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 58;
/** Room inside a group box: a title bar on top, a margin elsewhere. */
export const GROUP_PADDING = { top: 34, side: 14 } as const;

export interface PositionedService {
  type: "service";
  id: string;
  /** Relative to the parent group when there is one (what xyflow expects). */
  x: number;
  y: number;
  width: number;
  height: number;
  parentId?: string;
  node: GraphNode;
}

export interface PositionedGroup {
  type: "group";
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  members: number;
}

export interface PositionedEdge {
  id: string;
  source: string;
  target: string;
  edge: GraphEdge;
}

export interface GraphLayout {
  /** Groups first: xyflow needs parents before their children. */
  nodes: (PositionedService | PositionedGroup)[];
  edges: PositionedEdge[];
  width: number;
  height: number;
  /** Same key, same positions: metrics refreshes do not move anything. */
  key: string;
}

/** Above this many nodes, ELK trades some crossing reduction for speed (500 nodes in about 1.5 s). */
export const LARGE_GRAPH_NODES = 120;

const BASE_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.edgeRouting": "POLYLINE",
  "elk.spacing.nodeNode": "28",
  "elk.layered.spacing.nodeNodeBetweenLayers": "140",
  "elk.spacing.componentComponent": "50",
};

const LARGE_OPTIONS: Record<string, string> = {
  // xyflow draws its own edges, so ELK's routes only need to be cheap.
  "elk.layered.mergeEdges": "true",
  "elk.layered.thoroughness": "1",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.crossingMinimization.greedySwitch.type": "OFF",
};

/** ELK options for a graph of this many nodes. */
export function elkOptions(nodeCount: number): Record<string, string> {
  return { ...BASE_OPTIONS, ...(nodeCount > LARGE_GRAPH_NODES ? LARGE_OPTIONS : {}) };
}

/** The ELK input for a flat graph. */
export function toElkGraph(graph: Graph, id = "root"): ElkNode {
  return {
    id,
    layoutOptions: elkOptions(graph.nodes.length),
    children: graph.nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.map(
      (edge): ElkExtendedEdge => ({ id: edge.id, sources: [edge.source], targets: [edge.target] }),
    ),
  };
}

/** ELK's placement of a flat graph's nodes, shifted by (dx, dy) and attached to a parent if given. */
export function readPositions(
  graph: Graph,
  elk: ElkNode,
  shift: { dx: number; dy: number; parentId?: string } = { dx: 0, dy: 0 },
): PositionedService[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const out: PositionedService[] = [];
  for (const child of elk.children ?? []) {
    const node = byId.get(child.id);
    if (!node) continue;
    out.push({
      type: "service",
      id: child.id,
      x: (child.x ?? 0) + shift.dx,
      y: (child.y ?? 0) + shift.dy,
      width: child.width ?? NODE_WIDTH,
      height: child.height ?? NODE_HEIGHT,
      node,
      ...(shift.parentId ? { parentId: shift.parentId } : {}),
    });
  }
  return out;
}
