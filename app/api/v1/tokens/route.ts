import { createApiToken, createTokenSchema, listApiTokens } from "@/lib/auth/tokens";
import { apiRoute } from "@/lib/http/apiRoute";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "admin" }, async ({ runtime }) => ({
  tokens: await listApiTokens(runtime.db.prisma),
}));

/** The response carries the token itself; it is never shown again. */
export const POST = apiRoute({ role: "admin", body: createTokenSchema }, async ({ runtime, actor, body }) =>
  createApiToken(runtime.db.prisma, actor, body),
);
