import type pg from "pg";
import type { ResourceRecord } from "@/lib/telemetry/store/resources";

/** Stores resources not seen before and marks known ones as seen on `day` (YYYY-MM-DD, UTC). */
export async function upsertTelemetryResources(
  client: pg.ClientBase,
  resources: readonly ResourceRecord[],
  day: string,
): Promise<void> {
  if (resources.length === 0) return;
  await client.query({
    // Prepared once per connection: every flush runs it.
    name: "weft_upsert_telemetry_resources",
    text: `INSERT INTO telemetry_resources AS r (id, last_seen, attributes)
     SELECT decode(u.id, 'hex'), $3::date, u.attributes::jsonb
       FROM unnest($1::text[], $2::text[]) AS u(id, attributes)
     ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen WHERE r.last_seen < excluded.last_seen`,
    values: [resources.map((r) => r.id.toString("hex")), resources.map((r) => r.json), day],
  });
}
