import type { GraphNode, GroupBy } from "./types";

export interface NodeGroup {
  /** "group:<value>", distinct from any service name (service names have no colon). */
  id: string;
  label: string;
  members: string[];
}

export interface GroupAssignment {
  groups: NodeGroup[];
  groupOf: Map<string, string>;
}

/** The value a node is grouped under, or a visible "(none)" bucket so that no node disappears. */
export function groupValue(node: GraphNode, groupBy: Exclude<GroupBy, { kind: "none" }>): string {
  if (groupBy.kind === "namespace") return node.namespace ?? "(no namespace)";
  return node.labels?.[groupBy.key] ?? `(no ${groupBy.key})`;
}

/** One group per distinct value, in name order, with members in name order. */
export function groupNodes(
  nodes: readonly GraphNode[],
  groupBy: Exclude<GroupBy, { kind: "none" }>,
): GroupAssignment {
  const byValue = new Map<string, string[]>();
  for (const node of nodes) {
    const value = groupValue(node, groupBy);
    const list = byValue.get(value);
    if (list) list.push(node.id);
    else byValue.set(value, [node.id]);
  }
  const groups = [...byValue]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, members]) => ({
      id: `group:${value}`,
      label: groupBy.kind === "namespace" ? `namespace ${value}` : `${groupBy.key}=${value}`,
      members: [...members].sort(),
    }));
  const groupOf = new Map<string, string>();
  for (const group of groups) for (const member of group.members) groupOf.set(member, group.id);
  return { groups, groupOf };
}

/** Label keys present on any node, for the "group by" menu. */
export function labelKeys(nodes: readonly GraphNode[]): string[] {
  const keys = new Set<string>();
  for (const node of nodes) for (const key of Object.keys(node.labels ?? {})) keys.add(key);
  return [...keys].sort();
}
