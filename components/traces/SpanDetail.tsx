"use client";

import Link from "next/link";
import { formatLatency, formatTime } from "@/lib/console/format";
import { nanosToMs } from "@/lib/console/trace/fromApi";
import type { TraceSpan as ApiSpan } from "@/lib/telemetry/query/traces";
import type { AttributeMap } from "@/lib/telemetry/rows";

/** Everything about one span: timing, status, attributes, events, links, resource and scope. */
export function SpanDetail({
  span,
  traceStartMs,
  onClose,
}: {
  span: ApiSpan;
  traceStartMs: number;
  onClose: () => void;
}) {
  const startMs = nanosToMs(span.startTimeUnixNano);
  return (
    <aside className="side-panel panel span-detail" aria-label="Span details">
      <div className="row">
        <h2>{span.operation}</h2>
        <div className="spacer" />
        <button type="button" className="secondary" aria-label="Close span details" onClick={onClose}>
          ✕
        </button>
      </div>
      <dl className="stats">
        <dt>Service</dt>
        <dd>
          <Link href={`/services/${encodeURIComponent(span.service)}`}>{span.service}</Link>
        </dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Duration</dt>
        <dd>{formatLatency(span.durationMs)}</dd>
        <dt>Starts at</dt>
        <dd>
          +{formatLatency(startMs - traceStartMs)} ({formatTime(startMs)})
        </dd>
        <dt>Status</dt>
        <dd className={span.error ? "error" : undefined}>
          {span.status.code}
          {span.status.message ? `: ${span.status.message}` : ""}
          {span.http.statusCode !== null ? ` · HTTP ${span.http.statusCode}` : ""}
        </dd>
        <dt>Span id</dt>
        <dd>
          <code>{span.spanId}</code>
        </dd>
        {span.peerService && (
          <>
            <dt>Calls</dt>
            <dd>
              <Link href={`/services/${encodeURIComponent(span.peerService)}`}>{span.peerService}</Link>
            </dd>
          </>
        )}
      </dl>
      <Attributes title="Attributes" attributes={span.attributes} dropped={span.droppedAttributesCount} />
      <h3>Events ({span.events.length})</h3>
      {span.events.length === 0 && (
        <p className="muted">None{span.droppedEventsCount ? ` (${span.droppedEventsCount} dropped)` : ""}.</p>
      )}
      {span.events.map((event) => (
        <details key={`${event.timeUnixNano}-${event.name}`} open={span.events.length <= 3}>
          <summary>
            +{formatLatency(nanosToMs(event.timeUnixNano) - startMs)} {event.name}
          </summary>
          <AttributeTable attributes={event.attributes} />
        </details>
      ))}
      <h3>Links ({span.links.length})</h3>
      {span.links.length === 0 && <p className="muted">None.</p>}
      <ul>
        {span.links.map((link) => (
          <li key={`${link.traceId}-${link.spanId}`}>
            <Link href={`/traces/${link.traceId}`}>
              <code>{link.traceId.slice(0, 12)}…</code>
            </Link>{" "}
            span <code>{link.spanId}</code>
          </li>
        ))}
      </ul>
      <Attributes title="Resource" attributes={span.resource} dropped={0} />
      <p className="muted">
        Scope: {span.scope.name || "–"} {span.scope.version}
      </p>
    </aside>
  );
}

function Attributes({
  title,
  attributes,
  dropped,
}: {
  title: string;
  attributes: AttributeMap;
  dropped: number;
}) {
  const count = Object.keys(attributes).length;
  return (
    <>
      <h3>
        {title} ({count}
        {dropped ? `, ${dropped} dropped` : ""})
      </h3>
      <AttributeTable attributes={attributes} />
    </>
  );
}

function AttributeTable({ attributes }: { attributes: AttributeMap }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <table className="compact attributes-table">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>
              <code>{typeof value === "string" ? value : JSON.stringify(value)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
