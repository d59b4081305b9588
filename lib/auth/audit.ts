import type { Prisma } from "../db/generated/client";
import type { Actor } from "./actor";

export interface AuditEntry {
  action: string;
  target?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

type Tx = Prisma.TransactionClient;

const clip = (value: string | null, max: number) => (value === null ? null : value.slice(0, max));

/** Appends one audit row. Call it inside the transaction that makes the change, so both land or neither. */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name.slice(0, 128),
      action: entry.action.slice(0, 64),
      target: clip(entry.target ?? null, 256),
      ip: clip(actor.ip, 64),
      userAgent: clip(actor.userAgent, 512),
      summary: entry.summary.slice(0, 1024),
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
