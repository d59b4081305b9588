// Per service, per minute, per operation: requests, errors and latency, from spans. These rows feed the
// service RED charts; they are computed at ingest so that charts never scan raw spans.

import { PROXY_ATTRIBUTES } from "../metric-contract";
import { type Attributes, SpanKind, type SpanRow, StatusCode } from "../rows";
import { addToHistogram, emptyHistogram, type LatencyHistogram } from "./latency-histogram";
import { minuteOf } from "./minute";

export interface ServiceMinute {
  service: string;
  /** Start of the minute, unix milliseconds. */
  minuteMs: number;
  /** Span name for span-derived rows; "METHOD route" for metric-derived ones (the HTTP span name convention). */
  operation: string;
  route: string | null;
  /** The subset (`weft.destination.subset`) or else the resource's `service.version`, when known. */
  version: string | null;
  requests: number;
  errors: number;
  latency: LatencyHistogram;
  origin: "spans" | "metrics";
}

/**
 * Counts the spans that are requests into a service: SERVER and CONSUMER spans, and, for services that
 * have none of those in the batch (a batch job, a script), their root spans of any kind. The minute is the
 * span's start. An error is a span with status ERROR, or a SERVER span with an HTTP status of 500 or more.
 */
export function spansToServiceMinutes(rows: readonly SpanRow[]): ServiceMinute[] {
  const servicesWithEntrySpans = new Set<string>();
  for (const row of rows) if (isEntrySpan(row)) servicesWithEntrySpans.add(row.service);
  const minutes = new Map<string, ServiceMinute>();
  for (const row of rows) {
    const counted =
      isEntrySpan(row) || (row.parentSpanId === null && !servicesWithEntrySpans.has(row.service));
    if (!counted) continue;
    const minuteMs = minuteOf(row.startNs);
    const version = versionOf(row.attributes, row.resourceAttributes);
    const key = `${row.service}\u0000${minuteMs}\u0000${row.operation}\u0000${row.httpRoute ?? ""}\u0000${version ?? ""}`;
    let minute = minutes.get(key);
    if (minute === undefined) {
      minute = {
        service: row.service,
        minuteMs,
        operation: row.operation,
        route: row.httpRoute,
        version,
        requests: 0,
        errors: 0,
        latency: emptyHistogram(),
        origin: "spans",
      };
      minutes.set(key, minute);
    }
    minute.requests++;
    if (isErrorSpan(row)) minute.errors++;
    addToHistogram(minute.latency, Number(row.durationNs) / 1e9);
  }
  return [...minutes.values()];
}

/** The version label of a request: the mesh subset it was served by, else the service's version. */
export function versionOf(attributes: Attributes, resourceAttributes: Attributes): string | null {
  const subset = attributes[PROXY_ATTRIBUTES.destinationSubset];
  if (typeof subset === "string" && subset.length > 0) return subset;
  const version = resourceAttributes["service.version"];
  return typeof version === "string" && version.length > 0 ? version : null;
}

function isEntrySpan(row: SpanRow): boolean {
  return row.kind === SpanKind.Server || row.kind === SpanKind.Consumer;
}

/** Status ERROR, or an HTTP 5xx on a span that served (SERVER) or made (CLIENT) the request. */
export function isErrorSpan(row: SpanRow): boolean {
  if (row.statusCode === StatusCode.Error) return true;
  const http = row.kind === SpanKind.Server || row.kind === SpanKind.Client;
  return http && row.httpStatusCode !== null && row.httpStatusCode >= 500;
}
