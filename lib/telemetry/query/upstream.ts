// Upstream state on the topology: endpoints ejected by outlier detection and circuit breakers that are
// open, as callers' sidecars report them in gauges (docs/telemetry-metrics.md, "Upstream state"). Pure:
// the query (lib/db/queries/listUpstreamState.ts) gives per caller → callee sums; this decides what the
// graph carries.

import type { UpstreamStateRow } from "@/lib/db/queries/listUpstreamState";
import type { TimeRange } from "./time";

/** How far back from the range's end a series' newest point still counts as its current state. */
export const UPSTREAM_STATE_WINDOW_MS = 60_000;

/** On an edge: what the caller's sidecars see of the callee. Present only when something is wrong. */
export interface UpstreamState {
  /** Endpoints seen, summed over the caller's sidecar instances and the callee's subsets. */
  endpoints: number;
  /** Of those, ejected by outlier detection. */
  ejected: number;
  /** Circuit breaker limits reported open (max_connections, max_pending_requests, max_requests, max_retries). */
  openBreakers: string[];
}

/** On a node: its incoming edges' upstream state summed, and which callers report it. */
export interface NodeUpstreamState extends UpstreamState {
  callers: string[];
}

/**
 * The points that describe the state at the range's end: (end − 60 s, end], where the end is the range's
 * end or now, whichever is earlier (a range reaching into the future shows the state now).
 */
export function upstreamWindowNs(range: TimeRange, nowMs: number): { fromNs: bigint; toNs: bigint } {
  const endMs = Math.floor(Math.min(range.toMs, nowMs));
  const toNs = BigInt(endMs) * 1_000_000n;
  return { fromNs: toNs - BigInt(UPSTREAM_STATE_WINDOW_MS) * 1_000_000n, toNs };
}

export function pairKey(source: string, target: string): string {
  return `${source}\u0000${target}`;
}

/** The caller → callee pairs with an ejected endpoint or an open breaker, keyed by pairKey. */
export function troubledPairs(rows: readonly UpstreamStateRow[]): Map<string, UpstreamState> {
  const out = new Map<string, UpstreamState>();
  for (const row of rows) {
    if (row.ejected <= 0 && row.openBreakers.length === 0) continue;
    out.set(pairKey(row.source, row.destination), {
      // A sidecar exports `endpoints` beside the others, but a point may be missing from the window; the
      // count shown is never below what is known to be ejected.
      endpoints: Math.max(row.endpoints, row.ejected),
      ejected: Math.max(0, row.ejected),
      openBreakers: [...row.openBreakers].sort(),
    });
  }
  return out;
}

/**
 * Pairs with upstream trouble but no calls in the range's rollups (e.g. every request refused quickly
 * before the range): edges without traffic, so that the trouble is still on the graph.
 */
export function missingPairs<E extends { source: string; destination: string }>(
  edges: readonly E[],
  troubled: ReadonlyMap<string, UpstreamState>,
): Array<{ source: string; destination: string }> {
  const present = new Set(edges.map((edge) => pairKey(edge.source, edge.destination)));
  const missing: Array<{ source: string; destination: string }> = [];
  for (const key of troubled.keys()) {
    if (present.has(key)) continue;
    const [source = "", destination = ""] = key.split("\u0000");
    missing.push({ source, destination });
  }
  return missing.sort((a, b) =>
    a.source === b.source ? a.destination.localeCompare(b.destination) : a.source.localeCompare(b.source),
  );
}

/** Per callee: the sum of its incoming edges' upstream state and the callers reporting it. */
export function upstreamByNode(
  edges: ReadonlyArray<{ source: string; target: string; upstream?: UpstreamState | undefined }>,
): Map<string, NodeUpstreamState> {
  const out = new Map<string, NodeUpstreamState>();
  for (const edge of edges) {
    if (edge.upstream === undefined) continue;
    const node = out.get(edge.target) ?? { endpoints: 0, ejected: 0, openBreakers: [], callers: [] };
    node.endpoints += edge.upstream.endpoints;
    node.ejected += edge.upstream.ejected;
    node.openBreakers = [...new Set([...node.openBreakers, ...edge.upstream.openBreakers])].sort();
    node.callers = [...node.callers, edge.source].sort();
    out.set(edge.target, node);
  }
  return out;
}
