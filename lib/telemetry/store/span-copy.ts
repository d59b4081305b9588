// SpanRow → one binary COPY row of telemetry_spans (prisma/migrations/20261121010000_telemetry).

import type { SpanRow } from "../rows";
import { BinaryCopyWriter } from "./copy-writer";
import type { ResourceSet } from "./resources";

/** The column order of the rows encodeSpans writes; lib/db/queries/copySpans.ts names the same list. */
export const SPAN_COPY_COLUMNS = [
  "start_ns",
  "duration_ns",
  "flags",
  "dropped_attributes_count",
  "dropped_events_count",
  "dropped_links_count",
  "kind",
  "status_code",
  "http_status_code",
  "trace_id",
  "span_id",
  "parent_span_id",
  "resource_id",
  "service",
  "operation",
  "status_message",
  "http_method",
  "http_route",
  "peer_service",
  "trace_state",
  "scope_name",
  "scope_version",
  "attributes",
  "events",
  "links",
] as const;

// Roughly what one span takes, to size the buffer once instead of growing it repeatedly.
const BYTES_PER_SPAN_GUESS = 640;

/** Encodes spans as binary COPY data, registering their resources in `resources`. */
export function encodeSpans(rows: readonly SpanRow[], resources: ResourceSet): Buffer {
  const writer = new BinaryCopyWriter(rows.length * BYTES_PER_SPAN_GUESS + 64);
  for (const row of rows) {
    writer
      .row(SPAN_COPY_COLUMNS.length)
      .int8(row.startNs)
      .int8(row.durationNs)
      .int4(row.flags | 0)
      .int4(clampInt4(row.droppedAttributesCount))
      .int4(clampInt4(row.droppedEventsCount))
      .int4(clampInt4(row.droppedLinksCount))
      .int2(row.kind)
      .int2(row.statusCode);
    if (row.httpStatusCode === null) writer.null();
    else writer.int2(row.httpStatusCode);
    writer.byteaHex(row.traceId).byteaHex(row.spanId);
    if (row.parentSpanId === null) writer.null();
    else writer.byteaHex(row.parentSpanId);
    writer
      .bytea(resources.add(row.resourceAttributes))
      .text(row.service)
      .text(row.operation)
      .textOrNull(row.statusMessage)
      .textOrNull(row.httpMethod)
      .textOrNull(row.httpRoute)
      .textOrNull(row.peerService)
      .textOrNull(row.traceState)
      .textOrNull(row.scope.name)
      .textOrNull(row.scope.version)
      .jsonb(JSON.stringify(row.attributes));
    if (row.events.length === 0) writer.null();
    else writer.jsonb(JSON.stringify(row.events));
    if (row.links.length === 0) writer.null();
    else writer.jsonb(JSON.stringify(row.links));
  }
  return writer.finish();
}

/** Counts reported by senders are uint32; the columns are int4. */
export function clampInt4(value: number): number {
  return Math.min(Math.max(0, Math.trunc(value)), 2_147_483_647);
}
