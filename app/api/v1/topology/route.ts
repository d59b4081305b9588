import { apiRoute } from "@/lib/http/apiRoute";
import { topologyQuerySchema } from "@/lib/telemetry/query/schemas";
import { getTopology } from "@/lib/telemetry/query/topology";

export const dynamic = "force-dynamic";

/** The service graph of `from`..`to`, optionally only `depth` hops around `focus`. */
export const GET = apiRoute({ role: "viewer", query: topologyQuerySchema }, async ({ runtime, query }) =>
  getTopology(runtime.db.pool, query, Date.now()),
);
