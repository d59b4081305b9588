import { apiRoute, parseWith } from "@/lib/http/apiRoute";
import { getRevision, revisionNumberSchema } from "@/lib/mesh/store/readRevisions";

export const dynamic = "force-dynamic";

/** One revision with its config and its diff from the previous one. */
export const GET = apiRoute({ role: "viewer" }, async ({ runtime, params }) => ({
  revision: await getRevision(runtime.db.prisma, parseWith(revisionNumberSchema, params.number, "query")),
}));
