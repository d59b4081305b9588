import type pg from "pg";

/** Delivery status of one proxy and resource type (lib/xds/stream/delivery-status.ts TypeDelivery). */
export interface DeliveryRow {
  nodeId: string;
  type: string;
  state: string;
  sentVersion: string | null;
  sentAt: Date | null;
  ackedVersion: string | null;
  ackedAt: Date | null;
  rejectedVersion: string | null;
  rejectedDetail: string | null;
  rejectedCode: number | null;
  rejectedAt: Date | null;
}

const clip = (value: string | null, max: number) => (value === null ? null : value.slice(0, max));
// ISO strings: node-postgres formats Date objects far more slowly, and these arrays hold thousands.
const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/** Writes many delivery rows in one statement; rows of proxies not (or no longer) stored are skipped. */
export async function upsertDeliveries(pool: pg.Pool, rows: readonly DeliveryRow[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await pool.query(
    `INSERT INTO mesh_proxy_deliveries (node_id, type, state, sent_version, sent_at, acked_version, acked_at,
            rejected_version, rejected_detail, rejected_code, rejected_at, updated_at)
     SELECT r.node_id, r.type, r.state, r.sent_version, r.sent_at, r.acked_version, r.acked_at,
            r.rejected_version, r.rejected_detail, r.rejected_code, r.rejected_at, $12
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                   $7::timestamptz[], $8::text[], $9::text[], $10::int[], $11::timestamptz[])
         AS r(node_id, type, state, sent_version, sent_at, acked_version, acked_at, rejected_version,
              rejected_detail, rejected_code, rejected_at)
      WHERE EXISTS (SELECT 1 FROM mesh_proxies p WHERE p.node_id = r.node_id)
     ON CONFLICT (node_id, type) DO UPDATE SET
       state = EXCLUDED.state, sent_version = EXCLUDED.sent_version, sent_at = EXCLUDED.sent_at,
       acked_version = EXCLUDED.acked_version, acked_at = EXCLUDED.acked_at,
       rejected_version = EXCLUDED.rejected_version, rejected_detail = EXCLUDED.rejected_detail,
       rejected_code = EXCLUDED.rejected_code, rejected_at = EXCLUDED.rejected_at,
       updated_at = EXCLUDED.updated_at`,
    [
      rows.map((row) => row.nodeId),
      rows.map((row) => row.type),
      rows.map((row) => row.state),
      rows.map((row) => clip(row.sentVersion, 64)),
      rows.map((row) => iso(row.sentAt)),
      rows.map((row) => clip(row.ackedVersion, 64)),
      rows.map((row) => iso(row.ackedAt)),
      rows.map((row) => clip(row.rejectedVersion, 64)),
      rows.map((row) => clip(row.rejectedDetail, 4096)),
      rows.map((row) => row.rejectedCode),
      rows.map((row) => iso(row.rejectedAt)),
      iso(at),
    ],
  );
}
