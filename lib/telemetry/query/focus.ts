// Narrowing a service graph to the neighbourhood of one service, for large meshes.

export interface GraphEdge {
  source: string;
  target: string;
}

/** The nodes within `depth` hops of `focus`, following edges either way, and the edges between them. */
export function focusGraph<E extends GraphEdge>(
  nodes: readonly string[],
  edges: readonly E[],
  focus: string,
  depth: number,
): { nodes: string[]; edges: E[] } {
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = neighbours.get(a);
    if (set === undefined) neighbours.set(a, new Set([b]));
    else set.add(b);
  };
  for (const edge of edges) {
    link(edge.source, edge.target);
    link(edge.target, edge.source);
  }
  const kept = new Set<string>();
  if (nodes.includes(focus) || neighbours.has(focus)) kept.add(focus);
  let frontier = [...kept];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const neighbour of neighbours.get(node) ?? []) {
        if (kept.has(neighbour)) continue;
        kept.add(neighbour);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  return {
    nodes: nodes.filter((node) => kept.has(node)),
    edges: edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target)),
  };
}
