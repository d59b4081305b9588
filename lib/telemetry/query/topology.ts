// GET /api/v1/topology: the service graph over a range, aggregated in SQL from the rollups (bucket levels
// where they are up to date, minute rows elsewhere; rollup-plan.ts).
// Nodes are the services that report telemetry plus callees only named by their callers ("external":
// a database, an outside API); each node's figures are its own requests, or for external nodes the calls
// made to it. Edges carry the caller's view of the calls, and, when the callers' sidecars report an ejected
// endpoint or an open circuit breaker at the range's end, that upstream state (upstream.ts).

import type pg from "pg";
import { listEdgeRed } from "@/lib/db/queries/listEdgeRed";
import { listServiceRed } from "@/lib/db/queries/listServiceRed";
import { listUpstreamState } from "@/lib/db/queries/listUpstreamState";
import { emptyHistogram, type LatencyHistogram, mergeInto } from "../rollup/latency-histogram";
import { focusGraph } from "./focus";
import { histogramOf, type RedFigures, rateSeconds, redFigures } from "./red";
import { planWindow } from "./rollup-plan";
import { minuteWindow, type TimeRange } from "./time";
import {
  missingPairs,
  type NodeUpstreamState,
  pairKey,
  troubledPairs,
  type UpstreamState,
  upstreamByNode,
  upstreamWindowNs,
} from "./upstream";

export interface TopologyNode extends RedFigures {
  name: string;
  kind: "service" | "external";
  /** Only when a caller's sidecar reports an ejected endpoint or an open breaker of this node. */
  upstream?: NodeUpstreamState;
}

export interface TopologyEdge extends RedFigures {
  source: string;
  target: string;
  /** Where the figures come from: sidecar metrics (unsampled), spans, or both in different minutes. */
  origin: "metrics" | "spans" | "mixed";
  /** Only when the caller's sidecars report an ejected endpoint or an open breaker at the range's end. */
  upstream?: UpstreamState;
}

export interface TopologyResponse {
  from: string;
  to: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export async function getTopology(
  pool: pg.Pool,
  query: { range: TimeRange; focus: string | null; depth: number },
  nowMs: number,
): Promise<TopologyResponse> {
  const window = minuteWindow(query.range);
  const from = new Date(window.fromMs);
  const to = new Date(window.toMs);
  const upstreamWindow = upstreamWindowNs(query.range, nowMs);
  const plan = await planWindow(pool, window);
  const [services, measuredEdges, upstreamRows] = await Promise.all([
    listServiceRed(pool, plan),
    listEdgeRed(pool, plan),
    listUpstreamState(pool, upstreamWindow.fromNs, upstreamWindow.toNs),
  ]);
  const troubled = troubledPairs(upstreamRows);
  const edgeRows = [
    ...measuredEdges,
    ...missingPairs(measuredEdges, troubled).map((pair) => ({
      ...pair,
      calleeIsService: true,
      origins: ["metrics"],
      requests: 0,
      errors: 0,
      latencySumSeconds: 0,
      slots: [],
      counts: [],
    })),
  ];
  const seconds = rateSeconds(window, nowMs);
  const reporting = new Set(services.map((s) => s.service));
  for (const edge of edgeRows) {
    reporting.add(edge.source);
    if (edge.calleeIsService) reporting.add(edge.destination);
  }
  const edges: TopologyEdge[] = edgeRows.map((row) => {
    const upstream = troubled.get(pairKey(row.source, row.destination));
    return {
      source: row.source,
      target: row.destination,
      origin: row.origins.length > 1 ? "mixed" : row.origins[0] === "metrics" ? "metrics" : "spans",
      ...redFigures(row.requests, row.errors, histogramOf(row), seconds),
      ...(upstream === undefined ? {} : { upstream }),
    };
  });
  const nodes = new Map<string, TopologyNode>();
  for (const row of services) {
    nodes.set(row.service, {
      name: row.service,
      kind: "service",
      ...redFigures(row.requests, row.errors, histogramOf(row), seconds),
    });
  }
  const incoming = new Map<string, { requests: number; errors: number; latency: LatencyHistogram }>();
  for (const row of edgeRows) {
    for (const name of [row.source, row.destination]) {
      if (nodes.has(name) || incoming.has(name)) continue;
      incoming.set(name, { requests: 0, errors: 0, latency: emptyHistogram() });
    }
    const callee = incoming.get(row.destination);
    if (callee !== undefined) {
      callee.requests += row.requests;
      callee.errors += row.errors;
      mergeInto(callee.latency, histogramOf(row));
    }
  }
  for (const [name, calls] of incoming) {
    nodes.set(name, {
      name,
      kind: reporting.has(name) ? "service" : "external",
      ...redFigures(calls.requests, calls.errors, calls.latency, seconds),
    });
  }
  for (const [name, upstream] of upstreamByNode(edges)) {
    const node = nodes.get(name);
    if (node !== undefined) node.upstream = upstream;
  }
  const names = [...nodes.keys()].sort();
  const focused =
    query.focus === null ? { nodes: names, edges } : focusGraph(names, edges, query.focus, query.depth);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    nodes: focused.nodes.map((name) => nodes.get(name)!),
    edges: focused.edges,
  };
}
