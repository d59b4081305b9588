import type { ElkNode } from "elkjs/lib/elk-api";
import {
  elkOptions,
  GROUP_PADDING,
  type LayoutEngine,
  type PositionedGroup,
  type PositionedService,
  readPositions,
  toElkGraph,
} from "./elkInput";
import type { GroupAssignment } from "./groupNodes";
import type { Graph } from "./types";

/**
 * Grouped layout in two levels: each group is laid out on its own (its internal calls only), then the
 * groups are laid out as boxes connected by the calls between them. ELK's one-pass hierarchical layout
 * gives similar pictures but takes seconds longer at 500 services.
 */
export async function layoutGroups(
  graph: Graph,
  groups: GroupAssignment,
  engine: LayoutEngine,
): Promise<{ groupNodes: PositionedGroup[]; services: PositionedService[]; width: number; height: number }> {
  const inner = new Map<string, { graph: Graph; result: ElkNode }>();
  for (const group of groups.groups) {
    const members = new Set(group.members);
    const sub: Graph = {
      nodes: graph.nodes.filter((node) => members.has(node.id)),
      edges: graph.edges.filter((edge) => members.has(edge.source) && members.has(edge.target)),
    };
    inner.set(group.id, { graph: sub, result: await engine.layout(toElkGraph(sub, group.id)) });
  }
  const between = new Set<string>();
  for (const edge of graph.edges) {
    const from = groups.groupOf.get(edge.source);
    const to = groups.groupOf.get(edge.target);
    if (from && to && from !== to) between.add(`${from}\n${to}`);
  }
  const outer = await engine.layout({
    id: "root",
    layoutOptions: elkOptions(groups.groups.length),
    children: groups.groups.map((group) => {
      const result = inner.get(group.id)?.result;
      return {
        id: group.id,
        width: (result?.width ?? 0) + 2 * GROUP_PADDING.side,
        height: (result?.height ?? 0) + GROUP_PADDING.top + GROUP_PADDING.side,
      };
    }),
    edges: [...between].map((pair, index) => {
      const [source = "", target = ""] = pair.split("\n");
      return { id: `g${index}`, sources: [source], targets: [target] };
    }),
  });
  const groupNodes: PositionedGroup[] = [];
  const services: PositionedService[] = [];
  for (const box of outer.children ?? []) {
    const group = groups.groups.find((candidate) => candidate.id === box.id);
    const placed = inner.get(box.id);
    if (!group || !placed) continue;
    groupNodes.push({
      type: "group",
      id: box.id,
      x: box.x ?? 0,
      y: box.y ?? 0,
      width: box.width ?? 0,
      height: box.height ?? 0,
      label: group.label,
      members: group.members.length,
    });
    services.push(
      ...readPositions(placed.graph, placed.result, {
        dx: GROUP_PADDING.side,
        dy: GROUP_PADDING.top,
        parentId: box.id,
      }),
    );
  }
  return { groupNodes, services, width: outer.width ?? 0, height: outer.height ?? 0 };
}
