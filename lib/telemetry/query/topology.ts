// GET /api/v1/topology: the service graph over a range, aggregated in SQL from the per-minute rollups.
// Nodes are the services that report telemetry plus callees only named by their callers ("external":
// a database, an outside API); each node's figures are its own requests, or for external nodes the calls
// made to it. Edges carry the caller's view of the calls.

import type pg from "pg";
import { listEdgeRed } from "@/lib/db/queries/listEdgeRed";
import { listServiceRed } from "@/lib/db/queries/listServiceRed";
import { emptyHistogram, type LatencyHistogram, mergeInto } from "../rollup/latency-histogram";
import { focusGraph } from "./focus";
import { histogramOf, type RedFigures, rateSeconds, redFigures } from "./red";
import { minuteWindow, type TimeRange } from "./time";

export interface TopologyNode extends RedFigures {
  name: string;
  kind: "service" | "external";
}

export interface TopologyEdge extends RedFigures {
  source: string;
  target: string;
  /** Where the figures come from: sidecar metrics (unsampled), spans, or both in different minutes. */
  origin: "metrics" | "spans" | "mixed";
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
  const [services, edgeRows] = await Promise.all([
    listServiceRed(pool, from, to),
    listEdgeRed(pool, from, to),
  ]);
  const seconds = rateSeconds(window, nowMs);
  const reporting = new Set(services.map((s) => s.service));
  for (const edge of edgeRows) {
    reporting.add(edge.source);
    if (edge.calleeIsService) reporting.add(edge.destination);
  }
  const edges: TopologyEdge[] = edgeRows.map((row) => ({
    source: row.source,
    target: row.destination,
    origin: row.origins.length > 1 ? "mixed" : row.origins[0] === "metrics" ? "metrics" : "spans",
    ...redFigures(row.requests, row.errors, histogramOf(row), seconds),
  }));
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
