import { createUser, createUserSchema, listUsers } from "@/lib/auth/users";
import { apiRoute } from "@/lib/http/apiRoute";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "admin" }, async ({ runtime }) => ({
  users: await listUsers(runtime.db.prisma),
}));

export const POST = apiRoute({ role: "admin", body: createUserSchema }, async ({ runtime, actor, body }) => ({
  user: await createUser(runtime.db.prisma, actor, body),
}));
