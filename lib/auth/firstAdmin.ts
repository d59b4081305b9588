import type { Db } from "../db/client";
import { systemActor } from "./actor";
import { recordAudit } from "./audit";
import { hashPassword } from "./password";
import { generatePassword } from "./secrets";

export type FirstAdminResult =
  | { created: false }
  | { created: true; username: string; generatedPassword: string | null };

/**
 * Creates the user `admin` when no user exists yet: with WEFT_ADMIN_PASSWORD when set, otherwise with a
 * generated password that the caller prints once. Safe to run on every start and from several replicas.
 */
export async function ensureFirstAdmin(
  db: Db,
  configuredPassword: string | undefined,
): Promise<FirstAdminResult> {
  if ((await db.user.count()) > 0) return { created: false };
  const password = configuredPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    // Serialise with other replicas starting at the same moment.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7315904212)`;
    if ((await tx.user.count()) > 0) return { created: false } as const;
    await tx.user.create({ data: { username: "admin", passwordHash, role: "admin" } });
    await recordAudit(tx, systemActor(), {
      action: "user.create",
      target: "user:admin",
      summary: `created the first admin (${configuredPassword ? "password from WEFT_ADMIN_PASSWORD" : "generated password"})`,
      after: { username: "admin", role: "admin" },
    });
    return {
      created: true,
      username: "admin",
      generatedPassword: configuredPassword ? null : password,
    } as const;
  });
}
