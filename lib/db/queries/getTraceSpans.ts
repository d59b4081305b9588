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
 * order; at most `limit` of them. Copies of a span have the same start, so one sort by (start, span id)
 * both orders and folds them. Resources are read once each, not joined to every span: a large trace has
 * thousands of spans but a handful of resources, and the narrower rows sort in memory.
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
    resource_id: string;
    scope_name: string | null;
    scope_version: string | null;
    events: SpanEvent[] | null;
    links: SpanLink[] | null;
    dropped_attributes_count: number;
    dropped_events_count: number;
    dropped_links_count: number;
  }>(
    `SELECT DISTINCT ON (start_ns, span_id)
            encode(span_id, 'hex') AS span_id, encode(parent_span_id, 'hex') AS parent_span_id,
            trace_state, service, operation, kind, start_ns, duration_ns, status_code, status_message,
            http_method, http_route, http_status_code, peer_service, flags, attributes,
            encode(resource_id, 'hex') AS resource_id, scope_name, scope_version, events, links,
            dropped_attributes_count, dropped_events_count, dropped_links_count
       FROM telemetry_spans
      WHERE trace_id = decode($1, 'hex')
      ORDER BY start_ns, span_id
      LIMIT $2`,
    [traceId, limit],
  );
  const resources = await getResources(pool, [...new Set(result.rows.map((row) => row.resource_id))]);
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
    // Spans of one resource share its (read-only) attributes object.
    resource: resources.get(row.resource_id) ?? {},
    scopeName: row.scope_name ?? "",
    scopeVersion: row.scope_version ?? "",
    events: row.events ?? [],
    links: row.links ?? [],
    droppedAttributesCount: row.dropped_attributes_count,
    droppedEventsCount: row.dropped_events_count,
    droppedLinksCount: row.dropped_links_count,
  }));
}

/** Resource attributes by hex id; ids without a stored resource are left out. */
async function getResources(pool: pg.Pool, ids: string[]): Promise<Map<string, AttributeMap>> {
  if (ids.length === 0) return new Map();
  const result = await pool.query<{ id: string; attributes: AttributeMap }>(
    `SELECT encode(id, 'hex') AS id, attributes FROM telemetry_resources
      WHERE id IN (SELECT decode(hex, 'hex') FROM unnest($1::text[]) AS hex)`,
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row.attributes]));
}
