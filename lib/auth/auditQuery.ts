import { z } from "zod";
import type { Db } from "../db/client";

export const auditQuerySchema = z.object({
  actor: z.string().max(128).optional(),
  action: z.string().max(64).optional(),
  target: z.string().max(256).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Keyset pagination: return events with an id below this one. */
  before: z.coerce.bigint().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditEventView {
  id: string;
  at: Date;
  actorType: string;
  actorName: string;
  action: string;
  target: string | null;
  ip: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export async function listAuditEvents(
  db: Db,
  q: AuditQuery,
): Promise<{ events: AuditEventView[]; nextBefore: string | null }> {
  const rows = await db.auditEvent.findMany({
    where: {
      actorName: q.actor ? { contains: q.actor, mode: "insensitive" } : undefined,
      action: q.action ? { startsWith: q.action } : undefined,
      target: q.target ? { contains: q.target, mode: "insensitive" } : undefined,
      at: q.from || q.to ? { gte: q.from, lte: q.to } : undefined,
      id: q.before ? { lt: q.before } : undefined,
    },
    orderBy: { id: "desc" },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((r) => ({
      id: r.id.toString(),
      at: r.at,
      actorType: r.actorType,
      actorName: r.actorName,
      action: r.action,
      target: r.target,
      ip: r.ip,
      summary: r.summary,
      before: r.before,
      after: r.after,
    })),
    nextBefore: rows.length > q.limit ? (page[page.length - 1]?.id.toString() ?? null) : null,
  };
}
