import type { Db } from "../db/client";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { notFound } from "./errors";

/** Ends every open session of a user (an admin's "sign out everywhere"). */
export async function revokeUserSessions(
  db: Db,
  actor: Actor,
  userId: string,
  now = new Date(),
): Promise<number> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound(`user ${userId}`);
    const { count } = await tx.session.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: now },
    });
    await recordAudit(tx, actor, {
      action: "session.revoke",
      target: `user:${user.username}`,
      summary: `revoked ${count} session(s) of ${user.username}`,
    });
    return count;
  });
}
