import type pg from "pg";
import { copyBinaryIn } from "./copyBinaryIn";

/** The columns in the order lib/telemetry/store/span-copy.ts writes them (a unit test keeps them equal). */
export const COPY_SPANS_SQL = `COPY telemetry_spans (
  start_ns, duration_ns, flags, dropped_attributes_count, dropped_events_count, dropped_links_count,
  kind, status_code, http_status_code, trace_id, span_id, parent_span_id, resource_id, service, operation,
  status_message, http_method, http_route, peer_service, trace_state, scope_name, scope_version,
  attributes, events, links
) FROM STDIN (FORMAT binary)`;

/** Bulk-writes spans encoded by encodeSpans; returns the row count. */
export function copySpans(client: pg.ClientBase, data: Buffer): Promise<number> {
  return copyBinaryIn(client, COPY_SPANS_SQL, data);
}
