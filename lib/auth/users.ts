import { z } from "zod";
import type { Db } from "../db/client";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { conflict, notFound } from "./errors";
import { hashPassword } from "./password";
import { type Role, roleSchema } from "./roles";

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "may contain letters, digits, '.', '_' and '-' and must start with a letter or digit",
  );

export const passwordSchema = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(256, "must be at most 256 characters");

export const createUserSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.password !== undefined, {
    message: "give at least one of role, disabled, password",
  });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export interface UserSummary {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const summary = (u: {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}): UserSummary => ({
  id: u.id,
  username: u.username,
  role: u.role as Role,
  disabled: u.disabled,
  createdAt: u.createdAt,
  lastLoginAt: u.lastLoginAt,
});

export async function listUsers(db: Db): Promise<UserSummary[]> {
  return (await db.user.findMany({ orderBy: { username: "asc" } })).map(summary);
}

export async function createUser(db: Db, actor: Actor, input: CreateUserInput): Promise<UserSummary> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { username: input.username } });
    if (existing) throw conflict(`user "${input.username}" already exists`);
    const user = await tx.user.create({ data: { username: input.username, passwordHash, role: input.role } });
    await recordAudit(tx, actor, {
      action: "user.create",
      target: `user:${user.username}`,
      summary: `created user ${user.username} with role ${user.role}`,
      after: { username: user.username, role: user.role },
    });
    return summary(user);
  });
}

export async function updateUser(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateUserInput,
): Promise<UserSummary> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound(`user ${id}`);
    const losesAdmin =
      before.role === "admin" &&
      !before.disabled &&
      ((input.role && input.role !== "admin") || input.disabled === true);
    if (losesAdmin) await assertAnotherActiveAdmin(tx, id);
    const user = await tx.user.update({
      where: { id },
      data: { role: input.role, disabled: input.disabled, passwordHash },
    });
    // A disabled user or a changed password ends every open session of that user.
    if (input.disabled === true || passwordHash) {
      await tx.session.updateMany({
        where: { userId: id, revokedAt: null },
        data: { revokedAt: new Date() },
      });
    }
    const changes = [
      input.role && input.role !== before.role ? `role ${before.role}→${input.role}` : null,
      input.disabled !== undefined && input.disabled !== before.disabled
        ? input.disabled
          ? "disabled"
          : "enabled"
        : null,
      passwordHash ? "password changed" : null,
    ].filter(Boolean);
    await recordAudit(tx, actor, {
      action: "user.update",
      target: `user:${user.username}`,
      summary: `updated user ${user.username}: ${changes.join(", ") || "no change"}`,
      before: { role: before.role, disabled: before.disabled },
      after: { role: user.role, disabled: user.disabled, passwordChanged: Boolean(passwordHash) },
    });
    return summary(user);
  });
}

export async function deleteUser(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw notFound(`user ${id}`);
    if (actor.type === "user" && actor.id === id) throw conflict("you cannot delete your own account");
    if (user.role === "admin" && !user.disabled) await assertAnotherActiveAdmin(tx, id);
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, actor, {
      action: "user.delete",
      target: `user:${user.username}`,
      summary: `deleted user ${user.username}`,
      before: { username: user.username, role: user.role },
    });
  });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function assertAnotherActiveAdmin(tx: Tx, exceptId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: exceptId } } });
  if (others === 0) throw conflict("this is the last active admin; make another admin first");
}
