/**
 * A trace's spans as a tree: children in start order, spans whose parent never arrived (or that sit in a
 * parent cycle) promoted to roots and flagged as orphans. Iterative throughout, so a 10,000-span chain
 * does not exhaust the call stack.
 */

export interface TraceSpan {
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  /** Milliseconds since the epoch, fractional (sub-microsecond precision is not needed for display). */
  startMs: number;
  durationMs: number;
  error: boolean;
}

export interface SpanTree<S extends TraceSpan = TraceSpan> {
  spans: Map<string, S>;
  /** Root span ids, earliest first; genuine roots before orphans that started at the same time. */
  roots: string[];
  children: Map<string, string[]>;
  /** Spans whose parent is missing from the trace (or that were only reachable through a cycle). */
  orphans: Set<string>;
  /** Later copies of a span id that appeared more than once (the first one wins). */
  duplicates: number;
  startMs: number;
  endMs: number;
}

const byStart =
  <S extends TraceSpan>(spans: Map<string, S>) =>
  (a: string, b: string): number => {
    const sa = spans.get(a);
    const sb = spans.get(b);
    if (!sa || !sb) return 0;
    return sa.startMs - sb.startMs || (a < b ? -1 : a > b ? 1 : 0);
  };

export function buildSpanTree<S extends TraceSpan>(input: readonly S[]): SpanTree<S> {
  const spans = new Map<string, S>();
  let duplicates = 0;
  for (const span of input) {
    if (spans.has(span.spanId)) duplicates++;
    else spans.set(span.spanId, span);
  }
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  const orphans = new Set<string>();
  for (const span of spans.values()) {
    const parent = span.parentSpanId;
    if (parent === null || parent === "" || parent === span.spanId) {
      roots.push(span.spanId);
    } else if (!spans.has(parent)) {
      roots.push(span.spanId);
      orphans.add(span.spanId);
    } else {
      const list = children.get(parent);
      if (list) list.push(span.spanId);
      else children.set(parent, [span.spanId]);
    }
  }
  const compare = byStart(spans);
  for (const list of children.values()) list.sort(compare);
  // Spans in a parent cycle are reachable from no root: break each cycle at its earliest span.
  const reached = reachable(roots, children);
  if (reached.size < spans.size) {
    const stranded = [...spans.keys()].filter((id) => !reached.has(id)).sort(compare);
    for (const id of stranded) {
      if (reached.has(id)) continue;
      const parent = spans.get(id)?.parentSpanId;
      const siblings = parent ? children.get(parent) : undefined;
      if (siblings) siblings.splice(siblings.indexOf(id), 1);
      roots.push(id);
      orphans.add(id);
      for (const found of reachable([id], children)) reached.add(found);
    }
  }
  roots.sort((a, b) => compare(a, b) || Number(orphans.has(a)) - Number(orphans.has(b)));
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const span of spans.values()) {
    startMs = Math.min(startMs, span.startMs);
    endMs = Math.max(endMs, span.startMs + span.durationMs);
  }
  if (spans.size === 0) {
    startMs = 0;
    endMs = 0;
  }
  return { spans, roots, children, orphans, duplicates, startMs, endMs };
}

function reachable(from: readonly string[], children: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of children.get(id) ?? []) stack.push(child);
  }
  return seen;
}

/** Every span below `id` (not including it). */
export function descendantCount(tree: SpanTree, id: string): number {
  return reachable([id], tree.children).size - 1;
}
