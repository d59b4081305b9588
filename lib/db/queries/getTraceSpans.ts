import type pg from "pg";
import type { AttributeMap, SpanEvent, SpanLink } from "@/lib/telemetry/rows";

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  traceState: string;
  service: string;
  operation: string;
  kind: number;
  startNs: bigint;
  durationNs: bigint;
  statusCode: number;
  statusMessage: string;
  httpMethod: string | null;
  httpRoute: string | null;
  httpStatusCode: number | null;
  peerService: string | null;
  flags: number;
  attributes: AttributeMap;
  resource: AttributeMap;
  scopeName: string;
  scopeVersion: string;
  events: SpanEvent[];
  links: SpanLink[];
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

/**
 * Every span of one trace (one copy of each span id: a retried export may have stored it twice), in start
 * order; at most `limit` of them.
 */
export async function getTraceSpans(pool: pg.Pool, traceId: string, limit: number): Promise<StoredSpan[]> {
  const result = await pool.query<{
    span_id: string;
    parent_span_id: string | null;
    trace_state: string | null;
    service: string;
    operation: string;
    kind: number;
    start_ns: string;
    duration_ns: string;
    status_code: number;
    status_message: string | null;
    http_method: string | null;
    http_route: string | null;
    http_status_code: number | null;
    peer_service: string | null;
    flags: number;
    attributes: AttributeMap;
    resource: AttributeMap | null;
    scope_name: string | null;
    scope_version: string | null;
    events: SpanEvent[] | null;
    links: SpanLink[] | null;
    dropped_attributes_count: number;
    dropped_events_count: number;
    dropped_links_count: number;
  }>(
    `SELECT * FROM (
       SELECT DISTINCT ON (s.span_id)
              encode(s.span_id, 'hex') AS span_id, encode(s.parent_span_id, 'hex') AS parent_span_id,
              s.trace_state, s.service, s.operation, s.kind, s.start_ns, s.duration_ns, s.status_code,
              s.status_message, s.http_method, s.http_route, s.http_status_code, s.peer_service, s.flags,
              s.attributes, r.attributes AS resource, s.scope_name, s.scope_version, s.events, s.links,
              s.dropped_attributes_count, s.dropped_events_count, s.dropped_links_count
         FROM telemetry_spans s LEFT JOIN telemetry_resources r ON r.id = s.resource_id
        WHERE s.trace_id = decode($1, 'hex')
        ORDER BY s.span_id
     ) spans
     ORDER BY start_ns, span_id
     LIMIT $2`,
    [traceId, limit],
  );
  return result.rows.map((row) => ({
    traceId,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    traceState: row.trace_state ?? "",
    service: row.service,
    operation: row.operation,
    kind: row.kind,
    startNs: BigInt(row.start_ns),
    durationNs: BigInt(row.duration_ns),
    statusCode: row.status_code,
    statusMessage: row.status_message ?? "",
    httpMethod: row.http_method,
    httpRoute: row.http_route,
    httpStatusCode: row.http_status_code,
    peerService: row.peer_service,
    flags: row.flags,
    attributes: row.attributes,
    resource: row.resource ?? {},
    scopeName: row.scope_name ?? "",
    scopeVersion: row.scope_version ?? "",
    events: row.events ?? [],
    links: row.links ?? [],
    droppedAttributesCount: row.dropped_attributes_count,
    droppedEventsCount: row.dropped_events_count,
    droppedLinksCount: row.dropped_links_count,
  }));
}
