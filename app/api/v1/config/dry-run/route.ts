import { apiRoute } from "@/lib/http/apiRoute";
import { readConfigRequest } from "@/lib/mesh/api/configRequest";
import { withPositions } from "@/lib/mesh/api/positions";
import { dryRun } from "@/lib/mesh/store/dryRun";
import { DEFAULT_CONTROL_PLANE_SETTINGS } from "@/lib/xds/controlPlane/settings";

export const dynamic = "force-dynamic";

/** What PUT /config would change (diff, and the xDS resources of every connected proxy), without applying. */
export const POST = apiRoute({ role: "viewer" }, async ({ request, runtime }) => {
  const { config, expectedRevision, documentText } = await readConfigRequest(request);
  const settings = {
    endpointGraceMs: runtime.config.xdsEndpointGraceMs,
    liveWindowMs: DEFAULT_CONTROL_PLANE_SETTINGS.liveWindowMs,
  };
  try {
    return await dryRun(runtime.db, config, { expectedRevision }, settings);
  } catch (error) {
    throw withPositions(error, documentText);
  }
});
