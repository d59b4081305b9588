import { recordAudit } from "@/lib/auth/audit";
import { clearedSessionCookies, wantsSecureCookies } from "@/lib/auth/cookies";
import { revokeSession } from "@/lib/auth/sessions";
import { apiRoute } from "@/lib/http/apiRoute";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ role: "viewer" }, async ({ runtime, actor, request }) => {
  const prisma = runtime.db.prisma;
  if (actor.session) await revokeSession(prisma, actor.session.id);
  await prisma.$transaction((tx) => recordAudit(tx, actor, { action: "auth.logout", summary: "logged out" }));
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  for (const c of clearedSessionCookies({
    secure: wantsSecureCookies(runtime.config.secureCookies, request),
  })) {
    headers.append("set-cookie", c);
  }
  return new Response(JSON.stringify({ ok: true }), { status: 200, headers });
});
