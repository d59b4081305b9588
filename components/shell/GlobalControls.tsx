"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  describeRange,
  fromDateTimeLocal,
  RANGE_PRESETS,
  REFRESH_OPTIONS,
  type RefreshOption,
  resolveRange,
} from "@/lib/console/timeRange";
import { useServices } from "../queries/telemetry";
import { layoutKeys } from "../topology/useGraphLayout";
import { useRange, useRangeQuery, withRange } from "./useRange";

/** Time range (presets or any from/to), auto-refresh with pause, and a service search; all in the URL. */
export function GlobalControls() {
  const range = useRange();
  const preset =
    range.to === "now" && RANGE_PRESETS.some((p) => p.from === range.from) ? range.from : "custom";
  const [editing, setEditing] = useState(false);
  const client = useQueryClient();
  return (
    <div className="global-controls" role="toolbar" aria-label="Time range and refresh">
      <select
        aria-label="Time range"
        value={editing ? "custom" : preset}
        onChange={(event) => {
          if (event.target.value === "custom") setEditing(true);
          else {
            setEditing(false);
            range.setRange({ from: event.target.value, to: "now" });
          }
        }}
      >
        {RANGE_PRESETS.map((p) => (
          <option key={p.from} value={p.from}>
            {p.label}
          </option>
        ))}
        <option value="custom">{preset === "custom" ? describeRange(range) : "Custom range…"}</option>
      </select>
      {editing && (
        <CustomRange
          from={range.from}
          to={range.to}
          onApply={(from, to) => {
            range.setRange({ from, to });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      <select
        aria-label="Auto-refresh"
        value={range.refresh}
        onChange={(event) => range.setRange({ refresh: event.target.value as RefreshOption, paused: false })}
      >
        {REFRESH_OPTIONS.map((option) => (
          <option key={option} value={option}>
            {option === "off" ? "Refresh off" : `Every ${option}`}
          </option>
        ))}
      </select>
      {range.refresh !== "off" && (
        <button type="button" className="secondary" onClick={() => range.setRange({ paused: !range.paused })}>
          {range.paused ? "Resume" : "Pause"}
        </button>
      )}
      <button
        type="button"
        className="secondary"
        aria-label="Refresh now"
        title="Refresh now"
        onClick={() =>
          client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== layoutKeys.all[0] })
        }
      >
        ↻
      </button>
      <ServiceSearch />
    </div>
  );
}

function CustomRange(props: {
  from: string;
  to: string;
  onApply: (from: string, to: string) => void;
  onCancel: () => void;
}) {
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  const [problem, setProblem] = useState<string | null>(null);
  function apply(event: React.FormEvent) {
    event.preventDefault();
    const resolved = resolveRange({ from, to }, Date.now());
    if (!resolved.ok) setProblem(resolved.message);
    else props.onApply(from.trim(), to.trim());
  }
  return (
    <form className="custom-range panel" onSubmit={apply} aria-label="Custom time range">
      <label>
        From
        <input
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          placeholder="now-6h or 2026-01-31T12:00:00Z"
        />
      </label>
      <input
        type="datetime-local"
        aria-label="From (local time)"
        onChange={(e) => setFrom(fromDateTimeLocal(e.target.value) ?? from)}
      />
      <label>
        To
        <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="now" />
      </label>
      <input
        type="datetime-local"
        aria-label="To (local time)"
        onChange={(e) => setTo(fromDateTimeLocal(e.target.value) ?? to)}
      />
      <div className="row">
        <button type="submit">Apply range</button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}

/** Type a service name; Enter opens its page (or the services table filtered by what was typed). */
function ServiceSearch() {
  const range = useRange();
  const rangeQuery = useRangeQuery();
  const router = useRouter();
  const services = useServices(range.range, false, range.problem === null);
  const names = services.data?.services.map((service) => service.name) ?? [];
  const [text, setText] = useState("");
  function go(event: React.FormEvent) {
    event.preventDefault();
    const wanted = text.trim();
    if (!wanted) return;
    const exact = names.find((name) => name === wanted);
    router.push(
      exact
        ? withRange(`/services/${encodeURIComponent(exact)}`, rangeQuery)
        : withRange(`/services?q=${encodeURIComponent(wanted)}`, rangeQuery),
    );
  }
  return (
    <form className="service-search" onSubmit={go} aria-label="Service search">
      <input
        aria-label="Search services"
        placeholder="Search services…"
        list="weft-service-names"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <datalist id="weft-service-names">
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </form>
  );
}
