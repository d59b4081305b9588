import { z } from "zod";
import type { Db } from "../db/client";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { notFound } from "./errors";
import { type Role, roleSchema } from "./roles";
import { randomSecret, sha256Hex } from "./secrets";

const TOKEN_PREFIX = "weft_";

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "is required").max(128),
  role: roleSchema,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export interface TokenSummary {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a token; the returned secret is shown once and never stored. */
export async function createApiToken(
  db: Db,
  actor: Actor,
  input: CreateTokenInput,
  now = new Date(),
): Promise<{ token: string; summary: TokenSummary }> {
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        role: input.role,
        tokenHash: sha256Hex(token),
        prefix: token.slice(0, 12),
        createdById: actor.type === "user" ? actor.id : null,
        expiresAt,
      },
      include: { createdBy: true },
    });
    await recordAudit(tx, actor, {
      action: "token.create",
      target: `token:${created.name}`,
      summary: `created API token "${created.name}" with role ${created.role}`,
      after: { name: created.name, role: created.role, prefix: created.prefix, expiresAt },
    });
    return created;
  });
  return { token, summary: toSummary(row) };
}

export async function listApiTokens(db: Db): Promise<TokenSummary[]> {
  const rows = await db.apiToken.findMany({ orderBy: { createdAt: "desc" }, include: { createdBy: true } });
  return rows.map(toSummary);
}

export async function revokeApiToken(db: Db, actor: Actor, id: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id } });
    if (!token) throw notFound(`token ${id}`);
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id }, data: { revokedAt: now } });
    await recordAudit(tx, actor, {
      action: "token.revoke",
      target: `token:${token.name}`,
      summary: `revoked API token "${token.name}"`,
      before: { revokedAt: null },
      after: { revokedAt: now },
    });
  });
}

/** The actor of a bearer token, or null when it is unknown, expired or revoked. */
export async function actorFromToken(
  db: Db,
  token: string,
  meta: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256Hex(token) } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  }
  return { type: "token", id: row.id, name: `token:${row.name}`, role: row.role as Role, ...meta };
}

function toSummary(row: {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: Date;
  createdBy: { username: string } | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    createdAt: row.createdAt,
    createdBy: row.createdBy?.username ?? null,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
