import type pg from "pg";
import { countsLiteral } from "@/lib/telemetry/rollup/histogram-sql";
import type { ServiceMinute } from "@/lib/telemetry/rollup/service-minutes";

/** Adds per-minute service counts and latency histograms into telemetry_service_minutes. */
export async function upsertServiceMinutes(
  client: pg.ClientBase,
  rows: readonly ServiceMinute[],
): Promise<void> {
  if (rows.length === 0) return;
  await client.query({
    // Prepared once per connection: every flush runs it.
    name: "weft_upsert_service_minutes",
    text: `INSERT INTO telemetry_service_minutes AS t
       (minute, service, operation, route, version, origin, requests, errors, latency_sum, latency)
     SELECT to_timestamp(u.minute_ms / 1000.0), u.service, u.operation, u.route, u.version, u.origin,
            u.requests, u.errors, u.latency_sum, u.latency::bigint[]
       FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                   $7::int8[], $8::int8[], $9::float8[], $10::text[])
            AS u(minute_ms, service, operation, route, version, origin, requests, errors, latency_sum, latency)
      ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (minute, service, operation, route, version, origin) DO UPDATE SET
       requests = t.requests + excluded.requests,
       errors = t.errors + excluded.errors,
       latency_sum = t.latency_sum + excluded.latency_sum,
       latency = telemetry_counts_add(t.latency, excluded.latency)`,
    values: [
      rows.map((r) => r.minuteMs),
      rows.map((r) => r.service),
      rows.map((r) => r.operation),
      rows.map((r) => r.route ?? ""),
      rows.map((r) => r.version ?? ""),
      rows.map((r) => r.origin),
      rows.map((r) => r.requests),
      rows.map((r) => r.errors),
      rows.map((r) => r.latency.sumSeconds),
      rows.map((r) => countsLiteral(r.latency.counts)),
    ],
  });
}
