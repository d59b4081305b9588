"use client";

import { useState } from "react";
import {
  DEFAULT_TRACE_LIMIT,
  TRACE_LIMITS,
  type TraceFilters,
  traceFilterProblems,
} from "@/lib/console/traceSearch";

const EMPTY_ATTRIBUTE = { key: "", value: "" };

/** The trace search form; submits only filters that make sense, saying what to fix otherwise. */
export function TraceSearchForm({
  initial,
  services,
  onSearch,
}: {
  initial: TraceFilters;
  services: string[];
  onSearch: (filters: TraceFilters) => void;
}) {
  const [filters, setFilters] = useState<TraceFilters>(() => ({
    ...initial,
    attributes: initial.attributes.length > 0 ? initial.attributes : [EMPTY_ATTRIBUTE],
  }));
  const problems = traceFilterProblems(filters);
  const set = (patch: Partial<TraceFilters>) => setFilters((current) => ({ ...current, ...patch }));
  const setAttribute = (index: number, patch: Partial<TraceFilters["attributes"][number]>) =>
    set({ attributes: filters.attributes.map((a, i) => (i === index ? { ...a, ...patch } : a)) });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (Object.keys(problems).length > 0) return;
    onSearch({ ...filters, attributes: filters.attributes.filter((a) => a.key.trim() !== "") });
  }

  return (
    <form className="panel search-form" onSubmit={submit} aria-label="Trace search">
      <label>
        Service
        <input
          list="trace-services"
          value={filters.service}
          onChange={(e) => set({ service: e.target.value })}
          placeholder="any"
        />
        <datalist id="trace-services">
          {services.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
      <label>
        Operation
        <input
          value={filters.operation}
          onChange={(e) => set({ operation: e.target.value })}
          placeholder="any"
        />
      </label>
      <label>
        Min duration
        <input
          value={filters.minDuration}
          onChange={(e) => set({ minDuration: e.target.value })}
          placeholder="e.g. 100ms"
          aria-invalid={problems.minDuration !== undefined}
        />
        {problems.minDuration && <span className="error">{problems.minDuration}</span>}
      </label>
      <label>
        Max duration
        <input
          value={filters.maxDuration}
          onChange={(e) => set({ maxDuration: e.target.value })}
          placeholder="e.g. 2s"
          aria-invalid={problems.maxDuration !== undefined}
        />
        {problems.maxDuration && <span className="error">{problems.maxDuration}</span>}
      </label>
      <label>
        Status
        <select
          value={filters.status}
          onChange={(e) => set({ status: e.target.value as TraceFilters["status"] })}
        >
          <option value="any">any</option>
          <option value="error">error</option>
          <option value="ok">ok</option>
        </select>
      </label>
      <label>
        Limit
        <select
          value={filters.limit}
          onChange={(e) => set({ limit: Number(e.target.value) || DEFAULT_TRACE_LIMIT })}
        >
          {TRACE_LIMITS.map((limit) => (
            <option key={limit} value={limit}>
              {limit}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="attributes">
        <legend>Attributes</legend>
        {filters.attributes.map((attribute, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
          <div className="row" key={index}>
            <input
              aria-label={`Attribute key ${index + 1}`}
              value={attribute.key}
              onChange={(e) => setAttribute(index, { key: e.target.value })}
              placeholder="http.route"
            />
            =
            <input
              aria-label={`Attribute value ${index + 1}`}
              value={attribute.value}
              onChange={(e) => setAttribute(index, { value: e.target.value })}
              placeholder="/checkout"
            />
            {filters.attributes.length > 1 && (
              <button
                type="button"
                className="secondary"
                aria-label={`Remove attribute ${index + 1}`}
                onClick={() => set({ attributes: filters.attributes.filter((_, i) => i !== index) })}
              >
                ✕
              </button>
            )}
          </div>
        ))}
        {filters.attributes.length < 10 && (
          <button
            type="button"
            className="secondary"
            onClick={() => set({ attributes: [...filters.attributes, EMPTY_ATTRIBUTE] })}
          >
            + attribute
          </button>
        )}
        {problems.attributes && <span className="error">{problems.attributes}</span>}
      </fieldset>
      <button type="submit" disabled={Object.keys(problems).length > 0}>
        Search traces
      </button>
    </form>
  );
}
