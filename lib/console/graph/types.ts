/**
 * The topology as the console draws it, independent of the API's wire shape (the query hooks map the
 * API response into this). Rates are requests per second, error rates fractions 0..1, latencies ms.
 */

export type NodeKind = "service" | "external";
export type Health = "healthy" | "degraded" | "failing" | "idle";

/** Things an operator must see on the graph without opening anything. */
export type NodeBadge = "fault" | "ejection" | "breaker-open";

export interface TrafficStats {
  rate: number;
  errorRate: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/**
 * What callers' sidecars report of a callee at the range's end (GET /api/v1/topology's `upstream`):
 * endpoints ejected by outlier detection and circuit breaker limits that are open. Absent when all is well.
 */
export interface UpstreamState {
  /** Endpoints seen, summed over the callers' sidecar instances and the callee's subsets. */
  endpoints: number;
  ejected: number;
  /** Open limits: max_connections, max_pending_requests, max_requests, max_retries. */
  openBreakers: string[];
}

export interface NodeUpstreamState extends UpstreamState {
  /** The callers reporting it. */
  callers: string[];
}

export interface GraphNode extends TrafficStats {
  id: string;
  kind: NodeKind;
  namespace?: string | undefined;
  labels?: Record<string, string> | undefined;
  badges?: NodeBadge[] | undefined;
  upstream?: NodeUpstreamState | undefined;
}

export interface GraphEdge extends TrafficStats {
  id: string;
  source: string;
  target: string;
  upstream?: UpstreamState | undefined;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type GroupBy = { kind: "none" } | { kind: "namespace" } | { kind: "label"; key: string };

export interface GraphOptions {
  /** Show only this service, its callers and its callees up to `depth` hops. */
  focus?: string | undefined;
  depth: number;
  /** Drop nodes and edges without traffic in the range (the focused service always stays). */
  hideIdle: boolean;
  groupBy: GroupBy;
}

export const DEFAULT_GRAPH_OPTIONS: GraphOptions = { depth: 2, hideIdle: false, groupBy: { kind: "none" } };

/** Error rates at which a node or edge turns amber and red. */
export const HEALTH_THRESHOLDS = { degraded: 0.01, failing: 0.05 } as const;

export function healthOf(stats: Pick<TrafficStats, "rate" | "errorRate">): Health {
  if (stats.rate <= 0) return "idle";
  if (stats.errorRate >= HEALTH_THRESHOLDS.failing) return "failing";
  if (stats.errorRate >= HEALTH_THRESHOLDS.degraded) return "degraded";
  return "healthy";
}
