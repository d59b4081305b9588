import { revokeApiToken } from "@/lib/auth/tokens";
import { apiRoute, parseWith, uuidParam } from "@/lib/http/apiRoute";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute({ role: "admin" }, async ({ runtime, actor, params }) => {
  await revokeApiToken(runtime.db.prisma, actor, parseWith(uuidParam, params.id, "query"));
  return { ok: true };
});
