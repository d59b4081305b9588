import { apiRoute } from "@/lib/http/apiRoute";
import { readConfigRequest } from "@/lib/mesh/api/configRequest";
import { withPositions } from "@/lib/mesh/api/positions";
import { commitBody, configResponse } from "@/lib/mesh/api/responses";
import { applyConfig } from "@/lib/mesh/store/changes";
import { currentRevision } from "@/lib/mesh/store/readRevisions";

export const dynamic = "force-dynamic";

/** The current mesh config: JSON `{revision, config}`, or YAML with `?format=yaml`. */
export const GET = apiRoute({ role: "viewer" }, async ({ request, runtime }) =>
  configResponse(request, await currentRevision(runtime.db.prisma)),
);

/** Replaces the whole config (YAML or JSON); one new revision, or none when nothing changed. */
export const PUT = apiRoute({ role: "admin" }, async ({ request, runtime, actor }) => {
  const { config, documentText, ...options } = await readConfigRequest(request);
  try {
    return commitBody(await applyConfig(runtime.db.prisma, actor, config, options));
  } catch (error) {
    throw withPositions(error, documentText);
  }
});
