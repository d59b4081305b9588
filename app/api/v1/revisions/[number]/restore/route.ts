import { apiRoute, parseWith } from "@/lib/http/apiRoute";
import { readCommitOptions } from "@/lib/mesh/api/commitOptions";
import { commitBody } from "@/lib/mesh/api/responses";
import { restoreRevision } from "@/lib/mesh/store/changes";
import { revisionNumberSchema } from "@/lib/mesh/store/readRevisions";

export const dynamic = "force-dynamic";

/** Makes revision n's config current again, as a new revision. Body (optional): `{message, expectedRevision}`. */
export const POST = apiRoute({ role: "admin" }, async ({ request, runtime, actor, params }) => {
  const number = parseWith(revisionNumberSchema, params.number, "query");
  const options = await readCommitOptions(request);
  return commitBody(await restoreRevision(runtime.db.prisma, actor, number, options));
});
