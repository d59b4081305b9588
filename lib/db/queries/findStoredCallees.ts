import type pg from "pg";
import type { OpenCall } from "@/lib/telemetry/rollup/span-calls";

// Prepared once per connection: the trace ids change every time, the plan does not.
const CHILDREN_OF_TRACES = {
  name: "weft_find_stored_callees",
  text: `SELECT encode(trace_id, 'hex') AS trace_id, encode(parent_span_id, 'hex') AS parent_span_id, service
           FROM telemetry_spans
          WHERE trace_id = ANY ($1::bytea[]) AND kind IN (2, 5) AND parent_span_id IS NOT NULL`,
};

/**
 * For open calls (CLIENT/PRODUCER spans stored without a child): the services of their stored
 * SERVER/CONSUMER children, in the same order (empty when there are none). One index scan per partition over
 * the calls' trace ids; run it with enable_seqscan off (ingest/resolve-calls.ts), since the statistics of a
 * partition being filled are often too stale for the planner to see that the index is the only sane way.
 */
export async function findStoredCallees(
  client: pg.ClientBase,
  calls: readonly OpenCall[],
): Promise<string[][]> {
  if (calls.length === 0) return [];
  const traceIds = [...new Set(calls.map((c) => c.traceId))].map((id) => Buffer.from(id, "hex"));
  const result = await client.query<{ trace_id: string; parent_span_id: string; service: string }>({
    ...CHILDREN_OF_TRACES,
    values: [traceIds],
  });
  const byCall = new Map<string, string[]>();
  for (const row of result.rows) {
    const key = `${row.trace_id}/${row.parent_span_id}`;
    const list = byCall.get(key);
    if (list === undefined) byCall.set(key, [row.service]);
    else list.push(row.service);
  }
  return calls.map((call) => byCall.get(`${call.traceId}/${call.spanId}`) ?? []);
}
