"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState } from "react";
import { formatLatency } from "@/lib/console/format";
import { type CriticalSegment, criticalPath } from "@/lib/console/trace/criticalPath";
import { rulerTicks } from "@/lib/console/trace/fromApi";
import type { SpanTree } from "@/lib/console/trace/spanTree";
import {
  ancestorsOf,
  collapseBelow,
  servicesOf,
  subtreeSizes,
  waterfallRows,
} from "@/lib/console/trace/waterfallRows";
import { WaterfallRow } from "./WaterfallRow";

const ROW_HEIGHT = 26;
/** Big traces open collapsed below this depth, so the first screen is readable. */
const INITIAL_DEPTH_FOR_BIG_TRACES = 3;
const BIG_TRACE_SPANS = 2_000;

interface Props {
  tree: SpanTree;
  selected: string | null;
  onSelect: (spanId: string | null) => void;
}

/** The virtualised waterfall: thousands of spans, collapsible subtrees, critical path on demand. */
export function Waterfall({ tree, selected, onSelect }: Props) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() =>
    tree.spans.size > BIG_TRACE_SPANS ? collapseBelow(tree, INITIAL_DEPTH_FOR_BIG_TRACES) : new Set(),
  );
  const [showCritical, setShowCritical] = useState(true);
  const sizes = useMemo(() => subtreeSizes(tree), [tree]);
  const rows = useMemo(() => waterfallRows(tree, collapsed, sizes), [tree, collapsed, sizes]);
  const critical = useMemo(() => {
    const path = criticalPath(tree);
    const bySpan = new Map<string, CriticalSegment[]>();
    for (const segment of path.segments)
      bySpan.set(segment.spanId, [...(bySpan.get(segment.spanId) ?? []), segment]);
    return bySpan;
  }, [tree]);
  const serviceIndex = useMemo(
    () => new Map(servicesOf(tree.spans.values()).map((s, i) => [s.service, i])),
    [tree],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const duration = tree.endMs - tree.startMs;

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  function reveal(id: string) {
    const ancestors = ancestorsOf(tree, id);
    setCollapsed((current) => new Set([...current].filter((c) => !ancestors.includes(c))));
    onSelect(id);
  }

  return (
    <div className="waterfall panel">
      <div className="row wf-tools">
        <label className="inline">
          <input type="checkbox" checked={showCritical} onChange={(e) => setShowCritical(e.target.checked)} />{" "}
          Highlight critical path
        </label>
        <button type="button" className="secondary" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button type="button" className="secondary" onClick={() => setCollapsed(collapseBelow(tree, 1))}>
          Collapse all
        </button>
        <FindSpan tree={tree} onFound={reveal} />
        <span className="muted">
          {rows.length} of {tree.spans.size} spans shown
        </span>
      </div>
      <div className="wf-ruler" aria-hidden>
        <div className="wf-label" />
        <div className="wf-track">
          {rulerTicks(duration).map((tick, index) => (
            <span key={tick} style={{ left: `${index * 25}%` }}>
              {formatLatency(tick)}
            </span>
          ))}
        </div>
      </div>
      <div className="wf-scroll" ref={scroller} role="tree" aria-label="Spans">
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index];
            const span = row ? tree.spans.get(row.spanId) : undefined;
            if (!row || !span) return null;
            return (
              <WaterfallRow
                key={row.spanId}
                row={row}
                span={span}
                serviceIndex={serviceIndex.get(span.service) ?? 0}
                traceStartMs={tree.startMs}
                traceDurationMs={duration}
                selected={row.spanId === selected}
                critical={showCritical ? critical.get(row.spanId) : undefined}
                onToggle={toggle}
                onSelect={onSelect}
                style={{
                  position: "absolute",
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Finds the first span whose service or name contains the text, expands its ancestors and selects it. */
function FindSpan({ tree, onFound }: { tree: SpanTree; onFound: (id: string) => void }) {
  const [missing, setMissing] = useState(false);
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        const text = String(new FormData(event.currentTarget).get("find") ?? "")
          .trim()
          .toLowerCase();
        if (!text) return;
        const hit = [...tree.spans.values()].find(
          (s) =>
            s.name.toLowerCase().includes(text) ||
            s.service.toLowerCase().includes(text) ||
            s.spanId === text,
        );
        setMissing(!hit);
        if (hit) onFound(hit.spanId);
      }}
    >
      <input name="find" aria-label="Find span" placeholder="Find span…" style={{ width: 150 }} />
      {missing && <span className="error">no span matches</span>}
    </form>
  );
}
