import { apiRoute } from "@/lib/http/apiRoute";
import { listRevisions, revisionListQuerySchema } from "@/lib/mesh/store/readRevisions";

export const dynamic = "force-dynamic";

/** Newest first: `?before=<n>&limit=<1..200>` → `{revisions, nextBefore}`. */
export const GET = apiRoute({ role: "viewer", query: revisionListQuerySchema }, async ({ runtime, query }) =>
  listRevisions(runtime.db.prisma, query),
);
