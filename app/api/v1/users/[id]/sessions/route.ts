import { revokeUserSessions } from "@/lib/auth/revokeSessions";
import { listOpenSessions } from "@/lib/auth/sessions";
import { apiRoute, parseWith, uuidParam } from "@/lib/http/apiRoute";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "admin" }, async ({ runtime, actor, params }) => ({
  sessions: await listOpenSessions(
    runtime.db.prisma,
    parseWith(uuidParam, params.id, "query"),
    actor.session?.id,
  ),
}));

export const DELETE = apiRoute({ role: "admin" }, async ({ runtime, actor, params }) => ({
  revoked: await revokeUserSessions(runtime.db.prisma, actor, parseWith(uuidParam, params.id, "query")),
}));
