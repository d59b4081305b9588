import { apiRoute } from "@/lib/http/apiRoute";
import { currentRevision } from "@/lib/mesh/store/readRevisions";
import { listProxies, proxyListQuerySchema } from "@/lib/xds/controlPlane/proxyList";
import { DEFAULT_CONTROL_PLANE_SETTINGS } from "@/lib/xds/controlPlane/settings";

export const dynamic = "force-dynamic";

/** Connected and recently seen proxies with, per resource type, the versions sent, ACKed and rejected. */
export const GET = apiRoute({ role: "viewer", query: proxyListQuerySchema }, async ({ runtime, query }) => {
  const { config, number } = await currentRevision(runtime.db.prisma);
  const result = await listProxies(runtime.db.prisma, query, {
    knownServices: new Set(config.services.map((service) => service.name)),
    liveWindowMs: DEFAULT_CONTROL_PLANE_SETTINGS.liveWindowMs,
  });
  return { revision: number, ...result };
});
