import type pg from "pg";
import type { EdgeMinute } from "@/lib/telemetry/rollup/edges";
import { countsLiteral } from "@/lib/telemetry/rollup/histogram-sql";

/** Adds per-minute caller → callee counts and latency histograms into telemetry_edge_minutes. */
export async function upsertEdgeMinutes(client: pg.ClientBase, rows: readonly EdgeMinute[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query({
    // Prepared once per connection: every flush runs it.
    name: "weft_upsert_edge_minutes",
    text: `INSERT INTO telemetry_edge_minutes AS t
       (minute, source, destination, origin, destination_kind, requests, errors, latency_sum, latency)
     SELECT to_timestamp(u.minute_ms / 1000.0), u.source, u.destination, u.origin, u.destination_kind,
            u.requests, u.errors, u.latency_sum, u.latency::bigint[]
       FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::int8[],
                   $8::float8[], $9::text[])
            AS u(minute_ms, source, destination, origin, destination_kind, requests, errors, latency_sum, latency)
      ORDER BY 1, 2, 3, 4
     ON CONFLICT (minute, source, destination, origin) DO UPDATE SET
       destination_kind = CASE WHEN excluded.destination_kind = 'service' THEN 'service'
                               ELSE t.destination_kind END,
       requests = t.requests + excluded.requests,
       errors = t.errors + excluded.errors,
       latency_sum = t.latency_sum + excluded.latency_sum,
       latency = telemetry_counts_add(t.latency, excluded.latency)`,
    values: [
      rows.map((r) => r.minuteMs),
      rows.map((r) => r.source),
      rows.map((r) => r.destination),
      rows.map((r) => r.origin),
      rows.map((r) => r.destinationKind),
      rows.map((r) => r.requests),
      rows.map((r) => r.errors),
      rows.map((r) => r.latency.sumSeconds),
      rows.map((r) => countsLiteral(r.latency.counts)),
    ],
  });
}
