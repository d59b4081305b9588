import { apiRoute } from "@/lib/http/apiRoute";
import { getEdgeSeriesResponse } from "@/lib/telemetry/query/edge-series";
import { edgeSeriesQuerySchema } from "@/lib/telemetry/query/schemas";

export const dynamic = "force-dynamic";

/** One caller → callee pair's rate, errors and latency per `step`, as the caller saw the calls. */
export const GET = apiRoute({ role: "viewer", query: edgeSeriesQuerySchema }, async ({ runtime, query }) =>
  getEdgeSeriesResponse(runtime.db.pool, query, Date.now()),
);
