"use client";

import { labelKeys } from "@/lib/console/graph/groupNodes";
import {
  formatGroupBy,
  MAX_FOCUS_DEPTH,
  parseGroupBy,
  type TopologyParams,
} from "@/lib/console/graph/topologyParams";
import type { Graph } from "@/lib/console/graph/types";
import { UpstreamLegend } from "./UpstreamMarkers";

interface Props {
  graph: Graph;
  params: TopologyParams;
  onChange: (patch: Partial<TopologyParams>) => void;
}

/** Focus with depth, idle hiding, grouping and highlight search for the graph. */
export function TopologyToolbar({ graph, params, onChange }: Props) {
  const names = graph.nodes.map((node) => node.id).sort();
  const keys = labelKeys(graph.nodes);
  const unknownFocus = params.focus !== undefined && !names.includes(params.focus);
  return (
    <fieldset className="toolbar row" aria-label="Graph options">
      <label className="inline">
        Focus
        <select
          aria-label="Focus on service"
          value={params.focus ?? ""}
          onChange={(event) => onChange({ focus: event.target.value || undefined, select: null })}
        >
          <option value="">All services</option>
          {unknownFocus && <option value={params.focus}>{params.focus} (not in range)</option>}
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Depth
        <input
          aria-label="Focus depth"
          type="number"
          min={1}
          max={MAX_FOCUS_DEPTH}
          value={params.depth}
          disabled={params.focus === undefined}
          onChange={(event) => {
            const depth = Number(event.target.value);
            if (Number.isInteger(depth) && depth >= 1 && depth <= MAX_FOCUS_DEPTH) onChange({ depth });
          }}
          style={{ width: 56 }}
        />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={params.hideIdle}
          onChange={(event) => onChange({ hideIdle: event.target.checked })}
        />
        Hide idle
      </label>
      <label className="inline">
        Group by
        <select
          aria-label="Group by"
          value={formatGroupBy(params.groupBy)}
          onChange={(event) => onChange({ groupBy: parseGroupBy(event.target.value) })}
        >
          <option value="">Nothing</option>
          <option value="namespace">Namespace</option>
          {keys.map((key) => (
            <option key={key} value={`label:${key}`}>
              Label {key}
            </option>
          ))}
        </select>
      </label>
      <input
        aria-label="Highlight services"
        placeholder="Highlight…"
        defaultValue={params.search}
        onChange={(event) => onChange({ search: event.target.value })}
        style={{ width: 140 }}
      />
      <span className="legend muted" aria-hidden>
        <span className="dot health-healthy" /> healthy <span className="dot health-degraded" /> ≥1% errors{" "}
        <span className="dot health-failing" /> ≥5% errors <span className="dot health-idle" /> idle ⚡ fault{" "}
        <UpstreamLegend />
      </span>
      {unknownFocus && (
        <p className="notice">{params.focus} sent nothing in this range; showing every service.</p>
      )}
    </fieldset>
  );
}
