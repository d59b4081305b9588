// Caller → callee edges per minute, from spans, and the rule for combining them with metric-derived edges.

import type { SpanRow } from "../rows";
import { EdgeAccumulator, type EdgeMinute, edgeKey } from "./edge-accumulator";
import { planSpanCalls, resolveOpenCalls } from "./span-calls";

export { EdgeAccumulator, type EdgeMinute } from "./edge-accumulator";

/**
 * Derives edges from the spans of one batch on its own, as if nothing else were stored (span-calls.ts):
 * - a CLIENT or PRODUCER span with a child SERVER or CONSUMER span of another service in the batch gives
 *   caller → callee (the caller's span supplies timing and errors);
 * - a CLIENT span with no such child but a peerService gives caller → that peer (an uninstrumented callee).
 * Calls within one service give no edge. The minute is the caller span's start.
 */
export function spansToEdges(rows: readonly SpanRow[]): EdgeMinute[] {
  const plan = planSpanCalls(rows);
  const edges = new EdgeAccumulator("spans");
  for (const edge of [...plan.edges, ...resolveOpenCalls(plan.openCalls, [])]) edges.merge(edge);
  return edges.list();
}

/**
 * Combines metric- and span-derived edges: every metric edge, plus the span edges for which no metric
 * edge has the same source, destination and minute (sampling must never hide an edge, but an unsampled
 * measurement beats a sampled one).
 */
export function preferMetricEdges(
  metricEdges: readonly EdgeMinute[],
  spanEdges: readonly EdgeMinute[],
): EdgeMinute[] {
  const measured = new Set(metricEdges.map(edgeKey));
  return [...metricEdges, ...spanEdges.filter((edge) => !measured.has(edgeKey(edge)))];
}
