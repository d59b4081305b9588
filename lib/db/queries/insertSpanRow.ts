import type pg from "pg";
import type { SpanRow } from "@/lib/telemetry/rows";

// The row-at-a-time path that the ingest benchmark compares binary COPY with (WEFT_INGEST_WRITER=rows).
// A prepared statement, as a careful row-at-a-time writer would use; never used by default.
const INSERT_SPAN = {
  name: "weft_insert_span_row",
  text: `INSERT INTO telemetry_spans (
    start_ns, duration_ns, flags, dropped_attributes_count, dropped_events_count, dropped_links_count,
    kind, status_code, http_status_code, trace_id, span_id, parent_span_id, resource_id, service, operation,
    status_message, http_method, http_route, peer_service, trace_state, scope_name, scope_version,
    attributes, events, links
  ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, decode($10, 'hex'), decode($11, 'hex'), decode($12, 'hex'),
            $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
};

/** Inserts one span with one statement. */
export async function insertSpanRow(client: pg.ClientBase, row: SpanRow, resourceId: Buffer): Promise<void> {
  const empty = (text: string) => (text === "" ? null : text);
  await client.query({
    ...INSERT_SPAN,
    values: [
      row.startNs.toString(),
      row.durationNs.toString(),
      row.flags | 0,
      row.droppedAttributesCount,
      row.droppedEventsCount,
      row.droppedLinksCount,
      row.kind,
      row.statusCode,
      row.httpStatusCode,
      row.traceId,
      row.spanId,
      row.parentSpanId,
      resourceId,
      row.service,
      row.operation,
      empty(row.statusMessage),
      row.httpMethod,
      row.httpRoute,
      row.peerService,
      empty(row.traceState),
      empty(row.scope.name),
      empty(row.scope.version),
      JSON.stringify(row.attributes),
      row.events.length === 0 ? null : JSON.stringify(row.events),
      row.links.length === 0 ? null : JSON.stringify(row.links),
    ],
  });
}
