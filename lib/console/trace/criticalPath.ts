import type { SpanTree } from "./spanTree";

/** A stretch of time during which this span (not one of its children) held up the trace. */
export interface CriticalSegment {
  spanId: string;
  startMs: number;
  endMs: number;
}

export interface CriticalPath {
  segments: CriticalSegment[];
  /** Every span with at least one segment on the path. */
  spanIds: Set<string>;
}

interface Frame {
  id: string;
  /** The span's time is only critical up to here (a later sibling or the parent's end took over). */
  cursor: number;
  kids: string[];
  next: number;
}

/**
 * The critical path from the longest root: walking back from the end, the child that finished last
 * before the cursor is what the parent was waiting for; its time (clipped to the cursor) is on the path,
 * recursively, and the gaps between such children are the parent's own time. Children that start after
 * the cursor were not waited for. Uses an explicit stack, so deep traces are fine.
 */
export function criticalPath(tree: SpanTree): CriticalPath {
  const segments: CriticalSegment[] = [];
  const root = longestRoot(tree);
  if (root === undefined) return { segments, spanIds: new Set() };
  const endOf = (id: string) => {
    const span = tree.spans.get(id)!;
    return span.startMs + span.durationMs;
  };
  const frame = (id: string, limit: number): Frame => ({
    id,
    cursor: limit,
    // Latest-ending first; among equal ends the later start is what was waited for last.
    kids: [...(tree.children.get(id) ?? [])].sort(
      (a, b) => endOf(b) - endOf(a) || tree.spans.get(b)!.startMs - tree.spans.get(a)!.startMs,
    ),
    next: 0,
  });
  const stack: Frame[] = [frame(root, endOf(root))];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const span = tree.spans.get(top.id)!;
    if (top.next >= top.kids.length) {
      if (top.cursor > span.startMs)
        segments.push({ spanId: top.id, startMs: span.startMs, endMs: top.cursor });
      stack.pop();
      continue;
    }
    const kidId = top.kids[top.next++]!;
    const kid = tree.spans.get(kidId)!;
    if (kid.startMs >= top.cursor) continue;
    const kidEnd = Math.min(endOf(kidId), top.cursor);
    const gapStart = Math.max(kidEnd, span.startMs);
    if (gapStart < top.cursor) segments.push({ spanId: top.id, startMs: gapStart, endMs: top.cursor });
    top.cursor = Math.max(kid.startMs, span.startMs);
    stack.push(frame(kidId, kidEnd));
  }
  segments.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return { segments, spanIds: new Set(segments.map((segment) => segment.spanId)) };
}

function longestRoot(tree: SpanTree): string | undefined {
  let best: string | undefined;
  let bestDuration = Number.NEGATIVE_INFINITY;
  for (const id of tree.roots) {
    const span = tree.spans.get(id);
    if (span && !tree.orphans.has(id) && span.durationMs > bestDuration) {
      best = id;
      bestDuration = span.durationMs;
    }
  }
  // A trace whose root never arrived still has a path through its longest orphan.
  if (best === undefined) {
    for (const id of tree.roots) {
      const span = tree.spans.get(id);
      if (span && span.durationMs > bestDuration) {
        best = id;
        bestDuration = span.durationMs;
      }
    }
  }
  return best;
}
