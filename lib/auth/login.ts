import { z } from "zod";
import type { Db } from "../db/client";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { DomainError } from "./errors";
import { type LoginLimiter, loginLimiterKeys } from "./loginLimiter";
import { dummyPasswordHash, verifyPassword } from "./password";
import type { Role } from "./roles";
import { createSession, type NewSession } from "./sessions";

export const loginSchema = z.object({
  username: z.string().min(1, "is required").max(64),
  password: z.string().min(1, "is required").max(256),
});
export type LoginInput = z.infer<typeof loginSchema>;

export interface LoginResult {
  session: NewSession;
  user: { id: string; username: string; role: Role };
}

/** Verifies credentials under the rate limit, opens a session, and audits the attempt either way. */
export async function login(
  db: Db,
  limiter: LoginLimiter,
  input: LoginInput,
  meta: { ip: string | null; userAgent: string | null },
  sessionHours: number,
): Promise<LoginResult> {
  const keys = loginLimiterKeys(meta.ip ?? "unknown", input.username);
  const decision = limiter.check(keys);
  if (!decision.allowed) {
    throw new DomainError(
      429,
      "too_many_attempts",
      `too many failed logins; try again in ${decision.retryAfterSeconds} s`,
      undefined,
      { "Retry-After": String(decision.retryAfterSeconds) },
    );
  }
  const user = await db.user.findUnique({ where: { username: input.username } });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const actor: Actor = {
    type: "user",
    id: user?.id ?? null,
    name: input.username.slice(0, 64),
    role: (user?.role as Role | undefined) ?? "viewer",
    ...meta,
  };
  if (!user || !valid || user.disabled) {
    limiter.recordFailure(keys);
    await db.$transaction((tx) =>
      recordAudit(tx, actor, {
        action: "auth.login_failed",
        target: `user:${input.username.slice(0, 64)}`,
        summary:
          user?.disabled && valid
            ? "login refused: account disabled"
            : "login failed: wrong username or password",
      }),
    );
    // One message for unknown user and wrong password, so usernames cannot be probed.
    throw new DomainError(401, "invalid_credentials", "wrong username or password");
  }
  limiter.recordSuccess(keys);
  const session = await createSession(db, user.id, sessionHours, meta);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await recordAudit(tx, actor, {
      action: "auth.login",
      target: `user:${user.username}`,
      summary: "logged in",
    });
  });
  return { session, user: { id: user.id, username: user.username, role: user.role as Role } };
}
