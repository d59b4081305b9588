import type { SpanTree, TraceSpan } from "./spanTree";

/** One line of the waterfall: where its bar sits (in percent of the trace) and how deep it is. */
export interface WaterfallRow {
  spanId: string;
  depth: number;
  /** Bar start and width as percentages of the trace's duration. */
  offsetPct: number;
  widthPct: number;
  childCount: number;
  /** All spans below this one; shown as "+n" when collapsed. */
  descendantCount: number;
  collapsed: boolean;
  orphan: boolean;
}

/** Subtree sizes of every span, in one pass (post-order, iterative). */
export function subtreeSizes(tree: SpanTree): Map<string, number> {
  const sizes = new Map<string, number>();
  const stack: { id: string; expanded: boolean }[] = tree.roots.map((id) => ({ id, expanded: false }));
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const kids = tree.children.get(frame.id) ?? [];
    if (!frame.expanded) {
      stack.push({ id: frame.id, expanded: true });
      for (const kid of kids) stack.push({ id: kid, expanded: false });
    } else {
      let size = 0;
      for (const kid of kids) size += 1 + (sizes.get(kid) ?? 0);
      sizes.set(frame.id, size);
    }
  }
  return sizes;
}

/**
 * The visible rows in display order (depth first, children in start order), skipping the subtrees of
 * collapsed spans. Pass `sizes` from subtreeSizes to avoid recomputing it on every toggle.
 */
export function waterfallRows(
  tree: SpanTree,
  collapsed: ReadonlySet<string>,
  sizes: Map<string, number> = subtreeSizes(tree),
): WaterfallRow[] {
  const total = Math.max(tree.endMs - tree.startMs, 1e-6);
  const rows: WaterfallRow[] = [];
  const stack: { id: string; depth: number }[] = [];
  for (let i = tree.roots.length - 1; i >= 0; i--) stack.push({ id: tree.roots[i]!, depth: 0 });
  while (stack.length > 0) {
    const { id, depth } = stack.pop()!;
    const span = tree.spans.get(id);
    if (!span) continue;
    const kids = tree.children.get(id) ?? [];
    const isCollapsed = collapsed.has(id) && kids.length > 0;
    rows.push({
      spanId: id,
      depth,
      offsetPct: ((span.startMs - tree.startMs) / total) * 100,
      widthPct: (span.durationMs / total) * 100,
      childCount: kids.length,
      descendantCount: sizes.get(id) ?? 0,
      collapsed: isCollapsed,
      orphan: tree.orphans.has(id),
    });
    if (isCollapsed) continue;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ id: kids[i]!, depth: depth + 1 });
  }
  return rows;
}

/** Collapses every span below `depth` that has children, for a first view of a huge trace. */
export function collapseBelow(tree: SpanTree, depth: number): Set<string> {
  const out = new Set<string>();
  const stack = tree.roots.map((id) => ({ id, level: 0 }));
  while (stack.length > 0) {
    const { id, level } = stack.pop()!;
    const kids = tree.children.get(id) ?? [];
    if (kids.length === 0) continue;
    if (level >= depth) out.add(id);
    else for (const kid of kids) stack.push({ id: kid, level: level + 1 });
  }
  return out;
}

/** The chain of ancestors of a span, root first, so a search hit inside a collapsed subtree can be revealed. */
export function ancestorsOf(tree: SpanTree, id: string): string[] {
  const roots = new Set(tree.roots);
  const out: string[] = [];
  let child = id;
  // Roots (including orphans and spans where a cycle was broken) end the walk.
  while (!roots.has(child) && out.length < tree.spans.size) {
    const parent = tree.spans.get(child)?.parentSpanId;
    if (!parent || !tree.spans.has(parent)) break;
    out.push(parent);
    child = parent;
  }
  return out.reverse();
}

/** Services in a trace with their span counts, most spans first (the trace header's legend). */
export function servicesOf(spans: Iterable<TraceSpan>): { service: string; spans: number }[] {
  const counts = new Map<string, number>();
  for (const span of spans) counts.set(span.service, (counts.get(span.service) ?? 0) + 1);
  return [...counts]
    .map(([service, count]) => ({ service, spans: count }))
    .sort((a, b) => b.spans - a.spans || a.service.localeCompare(b.service));
}
