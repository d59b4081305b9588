import type { Actor } from "../auth/actor";
import { DomainError } from "../auth/errors";
import { type Role, roleAllows } from "../auth/roles";
import { actorFromSession, CSRF_HEADER, SESSION_COOKIE } from "../auth/sessions";
import { actorFromToken } from "../auth/tokens";
import type { Db } from "../db/client";
import { readCookie, requestMeta } from "./clientMeta";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Bearer token first (machines), then the session cookie (console). Null when neither is present. */
export async function authenticate(db: Db, request: Request): Promise<Actor | null> {
  const meta = requestMeta(request);
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match?.[1] ? await actorFromToken(db, match[1], meta) : null;
    if (!actor)
      throw new DomainError(401, "invalid_token", "the bearer token is unknown, expired or revoked");
    return actor;
  }
  const secret = readCookie(request, SESSION_COOKIE);
  if (!secret) return null;
  const actor = await actorFromSession(db, secret, meta);
  if (!actor)
    throw new DomainError(401, "session_expired", "your session has expired or was revoked; log in again");
  return actor;
}

/**
 * Cookie-authenticated writes must echo the session's CSRF token in a header, which a cross-site form or
 * image cannot do. Bearer-token requests carry no ambient credential and need no token.
 */
export function assertCsrf(actor: Actor, request: Request): void {
  if (!actor.session || SAFE_METHODS.has(request.method)) return;
  if (request.headers.get(CSRF_HEADER) !== actor.session.csrfToken) {
    throw new DomainError(
      403,
      "csrf_failed",
      `missing or wrong ${CSRF_HEADER} header; reload the console and retry`,
    );
  }
}

export function assertRole(actor: Actor | null, required: Role): Actor {
  if (!actor)
    throw new DomainError(401, "unauthenticated", "log in or send an API token (Authorization: Bearer ...)");
  if (!roleAllows(actor.role, required)) {
    throw new DomainError(403, "forbidden", `this needs the ${required} role; you are ${actor.role}`);
  }
  return actor;
}
