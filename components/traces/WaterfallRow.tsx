"use client";

import { formatLatency } from "@/lib/console/format";
import type { CriticalSegment } from "@/lib/console/trace/criticalPath";
import type { TraceSpan } from "@/lib/console/trace/spanTree";
import type { WaterfallRow as Row } from "@/lib/console/trace/waterfallRows";
import { colourAt } from "../charts/palette";

interface Props {
  row: Row;
  span: TraceSpan;
  serviceIndex: number;
  traceStartMs: number;
  traceDurationMs: number;
  selected: boolean;
  critical: CriticalSegment[] | undefined;
  onToggle: (spanId: string) => void;
  onSelect: (spanId: string) => void;
  style: React.CSSProperties;
}

/** One span: indented name with a collapse toggle on the left, its bar on the time axis on the right. */
export function WaterfallRow({
  row,
  span,
  serviceIndex,
  traceStartMs,
  traceDurationMs,
  selected,
  critical,
  onToggle,
  onSelect,
  style,
}: Props) {
  const total = Math.max(traceDurationMs, 1e-6);
  const label = `${span.service}: ${span.name}`;
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: rows are reached with the keyboard through their name button
    <div
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.childCount > 0 ? !row.collapsed : undefined}
      aria-selected={selected}
      className={`wf-row${selected ? " selected" : ""}${span.error ? " error" : ""}`}
      style={style}
      data-testid="span-row"
      data-span-id={span.spanId}
    >
      <div className="wf-label" style={{ paddingLeft: 4 + Math.min(row.depth, 40) * 14 }}>
        {row.childCount > 0 ? (
          <button
            type="button"
            className="wf-toggle"
            aria-label={`${row.collapsed ? "Expand" : "Collapse"} ${label}`}
            onClick={() => onToggle(span.spanId)}
          >
            {row.collapsed ? "▸" : "▾"}
          </button>
        ) : (
          <span className="wf-toggle-space" />
        )}
        <button type="button" className="wf-name" onClick={() => onSelect(span.spanId)} title={label}>
          <span className="wf-service" style={{ borderColor: colourAt(serviceIndex) }}>
            {span.service}
          </span>{" "}
          {span.name}
          {row.orphan && (
            <span className="badge" title="its parent span was never received">
              {" "}
              orphan
            </span>
          )}
          {row.collapsed && <span className="muted"> +{row.descendantCount}</span>}
        </button>
      </div>
      <div className="wf-track">
        <div
          className="wf-bar"
          style={{
            left: `${row.offsetPct}%`,
            width: `max(${row.widthPct}%, 1px)`,
            background: span.error ? "var(--danger)" : colourAt(serviceIndex),
          }}
        />
        {critical?.map((segment) => (
          <div
            key={segment.startMs}
            className="wf-critical"
            style={{
              left: `${((segment.startMs - traceStartMs) / total) * 100}%`,
              width: `max(${((segment.endMs - segment.startMs) / total) * 100}%, 1px)`,
            }}
          />
        ))}
        <span className="wf-duration" style={durationLabelPlace(row.offsetPct, row.widthPct)}>
          {formatLatency(span.durationMs)}
        </span>
      </div>
    </div>
  );
}

/** After the bar when there is room, before it otherwise, inside it for bars spanning nearly everything. */
function durationLabelPlace(offsetPct: number, widthPct: number): React.CSSProperties {
  const end = offsetPct + widthPct;
  if (end <= 85) return { left: `${end}%` };
  if (offsetPct >= 15) return { right: `${100 - offsetPct}%`, paddingRight: 4 };
  return { right: `${Math.max(0, 100 - end)}%`, paddingRight: 4, color: "#fff", textShadow: "0 0 2px #000" };
}
