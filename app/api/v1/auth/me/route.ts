import { apiRoute } from "@/lib/http/apiRoute";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "viewer" }, async ({ actor }) => ({
  type: actor.type,
  name: actor.name,
  role: actor.role,
  csrfToken: actor.session?.csrfToken ?? null,
}));
