import type { Db } from "../db/client";
import type { Actor } from "./actor";
import type { Role } from "./roles";
import { randomSecret, sha256Hex } from "./secrets";

export const SESSION_COOKIE = "weft_session";
export const CSRF_COOKIE = "weft_csrf";
export const CSRF_HEADER = "x-csrf-token";

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  userId: string,
  lifetimeHours: number,
  meta: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<NewSession> {
  const secret = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(now.getTime() + lifetimeHours * 3_600_000);
  await db.session.create({
    data: {
      id: sha256Hex(secret),
      userId,
      csrfToken,
      expiresAt,
      ip: meta.ip?.slice(0, 64) ?? null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    },
  });
  return { secret, csrfToken, expiresAt };
}

/** The acting user of a session cookie, or null when the session is unknown, expired, revoked or disabled. */
export async function actorFromSession(
  db: Db,
  secret: string,
  meta: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<Actor | null> {
  if (secret.length < 16 || secret.length > 128) return null;
  const session = await db.session.findUnique({ where: { id: sha256Hex(secret) }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt <= now || session.user.disabled) return null;
  // Touch at most once a minute: last-seen is informative, not worth a write per request.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } }).catch(() => undefined);
  }
  return {
    type: "user",
    id: session.user.id,
    name: session.user.username,
    role: session.user.role as Role,
    ip: meta.ip,
    userAgent: meta.userAgent,
    session: { id: session.id, csrfToken: session.csrfToken },
  };
}

export async function revokeSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

export interface SessionView {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** Open sessions of one user; ids are the stored hashes, never the cookie secrets. */
export async function listOpenSessions(
  db: Db,
  userId: string,
  currentId?: string,
  now = new Date(),
): Promise<SessionView[]> {
  const rows = await db.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    expiresAt: r.expiresAt,
    ip: r.ip,
    userAgent: r.userAgent,
    current: r.id === currentId,
  }));
}
