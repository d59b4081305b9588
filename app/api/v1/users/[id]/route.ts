import { deleteUser, updateUser, updateUserSchema } from "@/lib/auth/users";
import { apiRoute, parseWith, uuidParam } from "@/lib/http/apiRoute";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(
  { role: "admin", body: updateUserSchema },
  async ({ runtime, actor, body, params }) => ({
    user: await updateUser(runtime.db.prisma, actor, parseWith(uuidParam, params.id, "query"), body),
  }),
);

export const DELETE = apiRoute({ role: "admin" }, async ({ runtime, actor, params }) => {
  await deleteUser(runtime.db.prisma, actor, parseWith(uuidParam, params.id, "query"));
  return { ok: true };
});
