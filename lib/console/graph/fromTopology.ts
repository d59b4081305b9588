import type { Graph, GraphNode, NodeBadge, NodeUpstreamState, UpstreamState } from "./types";
import { upstreamBadges } from "./upstream";

/** The API's figures for a node or edge (lib/telemetry/query/red.ts RedFigures). */
interface Figures {
  rate: number;
  errorRate: number | null;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null };
}

export interface TopologyLike {
  nodes: (Figures & { name: string; kind: "service" | "external"; upstream?: NodeUpstreamState })[];
  edges: (Figures & { source: string; target: string; upstream?: UpstreamState })[];
}

/** What the mesh config adds to a node: its namespace and labels. */
export interface ServiceInfo {
  namespace?: string | undefined;
  labels?: Record<string, string> | undefined;
}

function stats(figures: Figures) {
  return {
    rate: figures.rate,
    errorRate: figures.errorRate ?? 0,
    p50: figures.latencyMs.p50,
    p90: figures.latencyMs.p90,
    p99: figures.latencyMs.p99,
  };
}

/**
 * The console's graph from the topology API, with namespaces and labels from the mesh config (the
 * telemetry does not know them) and badges for what is active on each service (faults from the config,
 * ejections and open breakers from the callers' upstream state). Config services that
 * sent nothing in the range are added as idle nodes, so a new or silent service is still on the map.
 */
export function fromTopology(
  topology: TopologyLike,
  services: ReadonlyMap<string, ServiceInfo>,
  badges: ReadonlyMap<string, NodeBadge[]> = new Map(),
  includeIdleConfigured = true,
): Graph {
  const nodes: GraphNode[] = topology.nodes.map((node) => ({
    id: node.name,
    kind: node.kind,
    ...stats(node),
    namespace: services.get(node.name)?.namespace,
    labels: services.get(node.name)?.labels,
    badges: withUpstream(badges.get(node.name), node.upstream),
    ...(node.upstream ? { upstream: node.upstream } : {}),
  }));
  if (includeIdleConfigured) {
    const present = new Set(nodes.map((node) => node.id));
    for (const [name, info] of services) {
      if (present.has(name)) continue;
      nodes.push({
        id: name,
        kind: "service",
        rate: 0,
        errorRate: 0,
        p50: null,
        p90: null,
        p99: null,
        namespace: info.namespace,
        labels: info.labels,
        badges: badges.get(name),
      });
    }
  }
  return {
    nodes,
    edges: topology.edges.map((edge) => ({
      id: `${edge.source}>${edge.target}`,
      source: edge.source,
      target: edge.target,
      ...stats(edge),
      ...(edge.upstream ? { upstream: edge.upstream } : {}),
    })),
  };
}

function withUpstream(
  badges: NodeBadge[] | undefined,
  upstream: NodeUpstreamState | undefined,
): NodeBadge[] | undefined {
  const extra = upstreamBadges(upstream);
  if (extra.length === 0) return badges;
  return [...(badges ?? []), ...extra];
}
