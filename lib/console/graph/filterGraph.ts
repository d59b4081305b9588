import type { Graph, GraphOptions } from "./types";

/**
 * Applies focus and idle-hiding. Focus keeps the service, the services it calls (and what those call)
 * up to `depth` hops downstream, and its callers up to `depth` hops upstream, but not siblings reached
 * by going up and then down. An unknown focus leaves the graph whole (the page says so).
 */
export function filterGraph(
  graph: Graph,
  options: Pick<GraphOptions, "focus" | "depth" | "hideIdle">,
): Graph {
  let nodes = graph.nodes;
  let edges = graph.edges;
  const focus = options.focus && nodes.some((node) => node.id === options.focus) ? options.focus : undefined;
  if (options.hideIdle) {
    // Upstream trouble (an ejection, an open breaker) is never idle, even when it stopped the traffic.
    edges = edges.filter((edge) => edge.rate > 0 || edge.upstream !== undefined);
    const busy = new Set<string>();
    for (const edge of edges) {
      busy.add(edge.source);
      busy.add(edge.target);
    }
    nodes = nodes.filter((node) => node.rate > 0 || busy.has(node.id) || node.id === focus);
  }
  if (focus !== undefined) {
    const depth = Math.max(0, Math.floor(options.depth));
    const keep = new Set([...reach(focus, edges, "down", depth), ...reach(focus, edges, "up", depth)]);
    nodes = nodes.filter((node) => keep.has(node.id));
  }
  const present = new Set(nodes.map((node) => node.id));
  edges = edges.filter((edge) => present.has(edge.source) && present.has(edge.target));
  return { nodes, edges };
}

function reach(start: string, edges: Graph["edges"], direction: "up" | "down", depth: number): Set<string> {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = direction === "down" ? [edge.source, edge.target] : [edge.target, edge.source];
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  }
  const seen = new Set([start]);
  let frontier = [start];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const neighbour of next.get(id) ?? []) {
        if (!seen.has(neighbour)) {
          seen.add(neighbour);
          following.push(neighbour);
        }
      }
    }
    frontier = following;
  }
  return seen;
}

/** Node ids matching a search (substring, case-insensitive), for highlighting. */
export function matchNodes(graph: Graph, search: string): Set<string> {
  const needle = search.trim().toLowerCase();
  if (needle === "") return new Set();
  return new Set(graph.nodes.filter((node) => node.id.toLowerCase().includes(needle)).map((node) => node.id));
}

/** Callers and callees of one service with the edges' stats (the side panel and the service page). */
export function neighboursOf(graph: Graph, id: string) {
  return {
    callers: graph.edges.filter((edge) => edge.target === id && edge.source !== id),
    callees: graph.edges.filter((edge) => edge.source === id && edge.target !== id),
  };
}
