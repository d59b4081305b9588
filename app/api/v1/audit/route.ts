import { auditQuerySchema, listAuditEvents } from "@/lib/auth/auditQuery";
import { apiRoute } from "@/lib/http/apiRoute";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "viewer", query: auditQuerySchema }, async ({ runtime, query }) =>
  listAuditEvents(runtime.db.prisma, query),
);
