"use client";

import Link from "next/link";
import { formatLatency, formatTime } from "@/lib/console/format";
import type { TraceSummary } from "@/lib/telemetry/query/traces";

/** Found traces, newest first. */
export function TraceTable({ traces }: { traces: TraceSummary[] }) {
  return (
    <table aria-label="Traces">
      <thead>
        <tr>
          <th>Start</th>
          <th>Root</th>
          <th>Duration</th>
          <th>Spans</th>
          <th>Services</th>
          <th>Trace</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((trace) => (
          <tr key={trace.traceId} className={trace.error ? "error-row" : undefined}>
            <td>{formatTime(Date.parse(trace.startTime))}</td>
            <td>
              <Link href={`/traces/${trace.traceId}`}>
                {trace.rootService}: {trace.rootOperation}
              </Link>
              {trace.error && <span className="badge error"> {trace.errorCount} error(s)</span>}
            </td>
            <td>{formatLatency(trace.durationMs)}</td>
            <td>{trace.spanCount}</td>
            <td className="muted">{trace.services.join(", ")}</td>
            <td>
              <code>{trace.traceId.slice(0, 12)}…</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
